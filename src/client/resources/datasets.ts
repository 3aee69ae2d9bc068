/** Datasets (deprecated upstream; sigma-api-facts §5.1, §5.3). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { Dataset, DatasetMaterializationRun, DatasetMaterializationStarted, DatasetSource } from "../../schemas/index.js";
import { arrayEndpoint, callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
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
    return listEndpoint(this.client, ENDPOINTS.listDatasets, {}, { query, signal });
  }

  /** `GET /v2/datasets/{datasetId}`. */
  get(datasetId: string, options: CallOptions = {}): Promise<Dataset> {
    return callEndpoint(this.client, ENDPOINTS.getDataset, { datasetId }, options);
  }

  /** `GET /v2/datasets/{datasetId}/sources` (a bare array). */
  sources(datasetId: string, options: CallOptions = {}): Promise<DatasetSource[]> {
    return arrayEndpoint(this.client, ENDPOINTS.listDatasetSources, { datasetId }, options);
  }

  /** `POST /v2/datasets/{datasetId}/materialization` `{}` → `{taskId}`. Retried only on 429 or when never sent. */
  materialize(datasetId: string, options: CallOptions = {}): Promise<DatasetMaterializationStarted> {
    return callEndpoint(this.client, ENDPOINTS.materializeDataset, { datasetId }, { body: {}, signal: options.signal });
  }

  /** `GET /v2/datasets/{datasetId}/materialization`: finished runs (in-progress runs are not listed). */
  materializationHistory(datasetId: string, options: CallOptions = {}): Paginated<DatasetMaterializationRun> {
    return listEndpoint(this.client, ENDPOINTS.listDatasetMaterializations, { datasetId }, options);
  }
}
