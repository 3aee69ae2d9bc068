/** Datasets (deprecated upstream; sigma-api-facts §5.1, §5.3). */
import {
  DatasetMaterializationRunSchema,
  DatasetMaterializationStartedSchema,
  DatasetSchema,
  DatasetSourceSchema,
  type Dataset,
  type DatasetMaterializationRun,
  type DatasetMaterializationStarted,
  type DatasetSource,
  DatasetDocSchema,
  DatasetSourceDocSchema,
  DatasetMaterializationStartedDocSchema,
  DatasetMaterializationRunDocSchema,
} from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/datasets`. */
export interface DatasetListParams extends CallOptions {
  skipPermissionCheck?: boolean;
}

/** `client.datasets`. */
export class Datasets extends Resource {
  /** `GET /v2/datasets`. */
  list(params: DatasetListParams = {}): Paginated<Dataset> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2/datasets", { style: "page", itemSchema: DatasetSchema, docSchema: DatasetDocSchema, endpoint: "GET /v2/datasets", query, signal });
  }

  /** `GET /v2/datasets/{datasetId}`. */
  get(datasetId: string, options: CallOptions = {}): Promise<Dataset> {
    return this.client.request({
      method: "GET",
      path: path`/v2/datasets/${datasetId}`,
      endpoint: "GET /v2/datasets/{datasetId}",
      schema: DatasetSchema,
      docSchema: DatasetDocSchema,
      ...options,
    });
  }

  /** `GET /v2/datasets/{datasetId}/sources` (a bare array). */
  sources(datasetId: string, options: CallOptions = {}): Promise<DatasetSource[]> {
    return this.client.requestArray({
      method: "GET",
      path: path`/v2/datasets/${datasetId}/sources`,
      endpoint: "GET /v2/datasets/{datasetId}/sources",
      itemSchema: DatasetSourceSchema,
      docSchema: DatasetSourceDocSchema,
      ...options,
    });
  }

  /** `POST /v2/datasets/{datasetId}/materialization` `{}` → `{taskId}`. Retried only on 429 or when never sent. */
  materialize(datasetId: string, options: CallOptions = {}): Promise<DatasetMaterializationStarted> {
    return this.client.request({
      method: "POST",
      path: path`/v2/datasets/${datasetId}/materialization`,
      body: {},
      endpoint: "POST /v2/datasets/{datasetId}/materialization",
      schema: DatasetMaterializationStartedSchema,
      docSchema: DatasetMaterializationStartedDocSchema,
      idempotent: false,
      ...options,
    });
  }

  /** `GET /v2/datasets/{datasetId}/materialization`: finished runs (in-progress runs are not listed). */
  materializationHistory(datasetId: string, options: CallOptions = {}): Paginated<DatasetMaterializationRun> {
    const p = path`/v2/datasets/${datasetId}/materialization`;
    return this.client.paginate(p, {
      style: "page",
      itemSchema: DatasetMaterializationRunSchema,
      docSchema: DatasetMaterializationRunDocSchema,
      endpoint: "GET /v2/datasets/{datasetId}/materialization",
      signal: options.signal,
    });
  }
}
