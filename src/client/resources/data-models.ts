/** Data models (sigma-api-facts §5.1, §5.4). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type {
  DataModel,
  DataModelColumn,
  DataModelSource,
  Element,
  LineageEntry,
  MaterializationJob,
  MaterializationSchedule,
  MaterializationStarted,
} from "../../schemas/index.js";
import { callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/dataModels`. */
export interface DataModelListParams extends CallOptions {
  skipPermissionCheck?: boolean;
  excludeTags?: boolean;
}

/** `client.dataModels`. */
export class DataModels extends Resource {
  /** `GET /v2/dataModels`. */
  list(params: DataModelListParams = {}): Paginated<DataModel> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listDataModels, {}, { query, signal });
  }

  /** `GET /v2/dataModels/{dataModelId}`. */
  get(dataModelId: string, options: CallOptions = {}): Promise<DataModel> {
    return callEndpoint(this.client, ENDPOINTS.getDataModel, { dataModelId }, options);
  }

  /** `GET /v2/dataModels/{dataModelId}/elements`. */
  elements(dataModelId: string, options: CallOptions = {}): Paginated<Element> {
    return listEndpoint(this.client, ENDPOINTS.listDataModelElements, { dataModelId }, options);
  }

  /** `GET /v2/dataModels/{dataModelId}/columns` (flat across elements). */
  columns(dataModelId: string, options: CallOptions = {}): Paginated<DataModelColumn> {
    return listEndpoint(this.client, ENDPOINTS.listDataModelColumns, { dataModelId }, options);
  }

  /** `GET /v2/dataModels/{dataModelId}/lineage`. */
  lineage(dataModelId: string, options: CallOptions = {}): Paginated<LineageEntry> {
    return listEndpoint(this.client, ENDPOINTS.listDataModelLineage, { dataModelId }, options);
  }

  /** `GET /v2/dataModels/{dataModelId}/sources` (token-paginated). */
  sources(dataModelId: string, options: CallOptions = {}): Paginated<DataModelSource> {
    return listEndpoint(this.client, ENDPOINTS.listDataModelSources, { dataModelId }, options);
  }

  /** `GET /v2/dataModels/{dataModelId}/materializationSchedules` (camelCase, token-paginated). */
  materializationSchedules(dataModelId: string, options: CallOptions = {}): Paginated<MaterializationSchedule> {
    return listEndpoint(this.client, ENDPOINTS.listDataModelSchedules, { dataModelId }, options);
  }

  /**
   * `POST /v2/dataModels/{dataModelId}:materialize` `{sheetId}` (colon route). Retried only when
   * provably nothing started: a 429 refusal, or a request that never reached Sigma.
   */
  materialize(dataModelId: string, sheetId: string, options: CallOptions = {}): Promise<MaterializationStarted> {
    return callEndpoint(this.client, ENDPOINTS.materializeDataModel, { dataModelId }, { body: { sheetId }, signal: options.signal });
  }

  /** `GET /v2/dataModels/{dataModelId}/materializations/{materializationId}`. */
  getMaterialization(dataModelId: string, materializationId: string, options: CallOptions = {}): Promise<MaterializationJob> {
    return callEndpoint(this.client, ENDPOINTS.getDataModelMaterialization, { dataModelId, materializationId }, options);
  }
}
