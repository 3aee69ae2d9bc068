/**
 * The part of SigmaClient the materialize job uses. Structural, so the real client fits and
 * unit tests can pass a small fake. Method names follow decisions/0001.
 */
import type {
  DataModel,
  Dataset,
  DatasetMaterializationRun,
  DatasetMaterializationStarted,
  MaterializationJob,
  MaterializationSchedule,
  MaterializationStarted,
  WhoAmI,
  Workbook,
} from "../schemas/index.js";

/** Per-call options the job passes (cancellation only). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Schedules, trigger and status of one document kind that has elements. */
/** The part of a workbooks or data-models resource the job uses. */
export interface ScheduledResource<Doc> {
  list(options?: CallOptions): AsyncIterable<Doc>;
  get(id: string, options?: CallOptions): Promise<Doc>;
  materializationSchedules(id: string, options?: CallOptions): AsyncIterable<MaterializationSchedule>;
  materialize(id: string, sheetId: string, options?: CallOptions): Promise<MaterializationStarted>;
  getMaterialization(id: string, materializationId: string, options?: CallOptions): Promise<MaterializationJob>;
}

/** What `materialize()` needs from a Sigma client. */
export interface MaterializeClient {
  whoami(options?: CallOptions): Promise<WhoAmI>;
  workbooks: ScheduledResource<Workbook>;
  dataModels: ScheduledResource<DataModel>;
  datasets: {
    list(options?: CallOptions): AsyncIterable<Dataset>;
    get(id: string, options?: CallOptions): Promise<Dataset>;
    materialize(id: string, options?: CallOptions): Promise<DatasetMaterializationStarted>;
    materializationHistory(id: string, options?: CallOptions): AsyncIterable<DatasetMaterializationRun>;
  };
}
