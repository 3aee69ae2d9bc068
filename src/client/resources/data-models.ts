/** Data models (sigma-api-facts §5.1, §5.4). */
import {
  DataModelColumnSchema,
  DataModelSchema,
  DataModelSourceSchema,
  ElementSchema,
  LineageEntrySchema,
  MaterializationJobSchema,
  MaterializationScheduleSchema,
  MaterializationStartedSchema,
  type DataModel,
  type DataModelColumn,
  type DataModelSource,
  type Element,
  type LineageEntry,
  type MaterializationJob,
  type MaterializationSchedule,
  type MaterializationStarted,
  DataModelDocSchema,
  ElementDocSchema,
  DataModelColumnDocSchema,
  LineageEntryDocSchema,
  DataModelSourceDocSchema,
  MaterializationScheduleDocSchema,
  MaterializationStartedDocSchema,
  MaterializationJobDocSchema,
} from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
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
    return this.client.paginate("/v2/dataModels", { style: "page", itemSchema: DataModelSchema, docSchema: DataModelDocSchema, endpoint: "GET /v2/dataModels", query, signal });
  }

  /** `GET /v2/dataModels/{dataModelId}`. */
  get(dataModelId: string, options: CallOptions = {}): Promise<DataModel> {
    return this.client.request({
      method: "GET",
      path: path`/v2/dataModels/${dataModelId}`,
      endpoint: "GET /v2/dataModels/{dataModelId}",
      schema: DataModelSchema,
      docSchema: DataModelDocSchema,
      ...options,
    });
  }

  /** `GET /v2/dataModels/{dataModelId}/elements`. */
  elements(dataModelId: string, options: CallOptions = {}): Paginated<Element> {
    const p = path`/v2/dataModels/${dataModelId}/elements`;
    return this.client.paginate(p, { style: "page", itemSchema: ElementSchema, docSchema: ElementDocSchema, endpoint: "GET /v2/dataModels/{dataModelId}/elements", signal: options.signal });
  }

  /** `GET /v2/dataModels/{dataModelId}/columns` (flat across elements). */
  columns(dataModelId: string, options: CallOptions = {}): Paginated<DataModelColumn> {
    const p = path`/v2/dataModels/${dataModelId}/columns`;
    return this.client.paginate(p, { style: "page", itemSchema: DataModelColumnSchema, docSchema: DataModelColumnDocSchema, endpoint: "GET /v2/dataModels/{dataModelId}/columns", signal: options.signal });
  }

  /** `GET /v2/dataModels/{dataModelId}/lineage`. */
  lineage(dataModelId: string, options: CallOptions = {}): Paginated<LineageEntry> {
    const p = path`/v2/dataModels/${dataModelId}/lineage`;
    return this.client.paginate(p, { style: "page", itemSchema: LineageEntrySchema, docSchema: LineageEntryDocSchema, endpoint: "GET /v2/dataModels/{dataModelId}/lineage", signal: options.signal });
  }

  /** `GET /v2/dataModels/{dataModelId}/sources` (token-paginated). */
  sources(dataModelId: string, options: CallOptions = {}): Paginated<DataModelSource> {
    const p = path`/v2/dataModels/${dataModelId}/sources`;
    return this.client.paginate(p, { style: "token", itemSchema: DataModelSourceSchema, docSchema: DataModelSourceDocSchema, endpoint: "GET /v2/dataModels/{dataModelId}/sources", signal: options.signal });
  }

  /** `GET /v2/dataModels/{dataModelId}/materializationSchedules` (camelCase, token-paginated). */
  materializationSchedules(dataModelId: string, options: CallOptions = {}): Paginated<MaterializationSchedule> {
    const p = path`/v2/dataModels/${dataModelId}/materializationSchedules`;
    return this.client.paginate(p, {
      style: "token",
      itemSchema: MaterializationScheduleSchema,
      docSchema: MaterializationScheduleDocSchema,
      endpoint: "GET /v2/dataModels/{dataModelId}/materializationSchedules",
      signal: options.signal,
    });
  }

  /**
   * `POST /v2/dataModels/{dataModelId}:materialize` `{sheetId}` (colon route). Retried only when
   * provably nothing started: a 429 refusal, or a request that never reached Sigma.
   */
  materialize(dataModelId: string, sheetId: string, options: CallOptions = {}): Promise<MaterializationStarted> {
    return this.client.request({
      method: "POST",
      path: path`/v2/dataModels/${dataModelId}` + ":materialize",
      body: { sheetId },
      endpoint: "POST /v2/dataModels/{dataModelId}:materialize",
      schema: MaterializationStartedSchema,
      docSchema: MaterializationStartedDocSchema,
      idempotent: false,
      ...options,
    });
  }

  /** `GET /v2/dataModels/{dataModelId}/materializations/{materializationId}`. */
  getMaterialization(dataModelId: string, materializationId: string, options: CallOptions = {}): Promise<MaterializationJob> {
    return this.client.request({
      method: "GET",
      path: path`/v2/dataModels/${dataModelId}/materializations/${materializationId}`,
      endpoint: "GET /v2/dataModels/{dataModelId}/materializations/{materializationId}",
      schema: MaterializationJobSchema,
      docSchema: MaterializationJobDocSchema,
      ...options,
    });
  }
}
