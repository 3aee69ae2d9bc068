/** Files: documents, folders and workspaces as inodes (sigma-api-facts §5.7). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { SigmaFile } from "../../schemas/index.js";
import { callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/files`. */
export interface FileListParams extends CallOptions {
  name?: string;
  permissionFilter?: "view" | "explore" | "organize" | "edit";
  /** One or many file types; without it Sigma lists workbooks, folders, data models, datasets, reports. */
  typeFilters?: string | readonly string[];
  /** Folder to list; omitted = root. */
  parentId?: string;
  directChildFilter?: boolean;
}

/** `client.files`. */
export class Files extends Resource {
  /** `GET /v2/files`. */
  list(params: FileListParams = {}): Paginated<SigmaFile> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listFiles, {}, { query, signal });
  }

  /** `GET /v2/files/{inodeId}` (the id without its `inode-` prefix). */
  get(inodeId: string, options: CallOptions = {}): Promise<SigmaFile> {
    return callEndpoint(this.client, ENDPOINTS.getFile, { inodeId }, options);
  }
}
