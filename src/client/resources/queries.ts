/** Query downloads: the files workbook exports produce (sigma-api-facts §5.12). */
import { ENDPOINTS } from "../../api/endpoints.js";
import { bytesEndpoint } from "../endpoint-call.js";
import { Resource, type CallOptions } from "./resource.js";

/** A download's state: still being produced (Sigma answers 204), or the file. */
export type QueryDownload =
  | { status: "pending" }
  | {
      status: "ready";
      /** The file's bytes, as sent (CSV, JSON, XLSX, PDF, PNG: never parsed). */
      body: Uint8Array;
      /** Sigma's Content-Type, e.g. `text/csv`. */
      contentType: string;
    };

/** `client.queries`. */
export class Queries extends Resource {
  /**
   * `GET /v2/query/{queryId}/download`: 204 while the export runs (`pending`), 200 with the file
   * (`ready`). An expired or unknown queryId is Sigma's 404 ("The query download has expired…"):
   * a NotFoundError. Sigma documents 400 requests/minute here; the client does not throttle.
   */
  async download(queryId: string, options: CallOptions = {}): Promise<QueryDownload> {
    const res = await bytesEndpoint(this.client, ENDPOINTS.downloadQuery, { queryId }, options);
    if (res.status === 204) return { status: "pending" };
    return { status: "ready", body: res.body, contentType: res.contentType };
  }
}
