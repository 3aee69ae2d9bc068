/** Datasets (deprecated upstream; API-NOTES §5.1, §5.3). */
import { z } from "zod";
import {
  DatasetMaterializationRunSchema,
  DatasetMaterializationStartedSchema,
  DatasetSchema,
  DatasetSourceSchema,
  type Dataset,
  type DatasetMaterializationRun,
  type DatasetMaterializationStarted,
  type DatasetSource,
} from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/datasets`. */
export interface DatasetListParams extends CallOptions {
  skipPermissionCheck?: boolean;
}

const DatasetSourcesSchema = z.array(DatasetSourceSchema);

/** `client.datasets`. */
export class Datasets extends Resource {
  /** `GET /v2/datasets`. */
  list(params: DatasetListParams = {}): Paginated<Dataset> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2/datasets", { style: "page", itemSchema: DatasetSchema, query, signal });
  }

  /** `GET /v2/datasets/{datasetId}`. */
  get(datasetId: string, options: CallOptions = {}): Promise<Dataset> {
    return this.client.request({ method: "GET", path: path`/v2/datasets/${datasetId}`, schema: DatasetSchema, ...options });
  }

  /** `GET /v2/datasets/{datasetId}/sources` (a bare array). */
  sources(datasetId: string, options: CallOptions = {}): Promise<DatasetSource[]> {
    return this.client.request({
      method: "GET",
      path: path`/v2/datasets/${datasetId}/sources`,
      schema: DatasetSourcesSchema,
      ...options,
    });
  }

  /** `POST /v2/datasets/{datasetId}/materialization` `{}` → `{taskId}`. Retried only on 429 or when never sent. */
  materialize(datasetId: string, options: CallOptions = {}): Promise<DatasetMaterializationStarted> {
    return this.client.request({
      method: "POST",
      path: path`/v2/datasets/${datasetId}/materialization`,
      body: {},
      schema: DatasetMaterializationStartedSchema,
      idempotent: false,
      ...options,
    });
  }

  /** `GET /v2/datasets/{datasetId}/materialization`: finished runs (in-progress runs are not listed). */
  materializationHistory(datasetId: string, options: CallOptions = {}): Paginated<DatasetMaterializationRun> {
    const p = path`/v2/datasets/${datasetId}/materialization`;
    return this.client.paginate(p, { style: "page", itemSchema: DatasetMaterializationRunSchema, signal: options.signal });
  }
}
