/** Files: documents, folders and workspaces as inodes (sigma-api-facts §5.7). */
import { SigmaFileDocSchema, SigmaFileSchema, type SigmaFile } from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
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
    return this.client.paginate("/v2/files", { style: "page", itemSchema: SigmaFileSchema, docSchema: SigmaFileDocSchema, endpoint: "GET /v2/files", query, signal });
  }

  /** `GET /v2/files/{inodeId}` (the id without its `inode-` prefix). */
  get(inodeId: string, options: CallOptions = {}): Promise<SigmaFile> {
    return this.client.request({
      method: "GET",
      path: path`/v2/files/${inodeId}`,
      endpoint: "GET /v2/files/{inodeId}",
      schema: SigmaFileSchema,
      docSchema: SigmaFileDocSchema,
      ...options,
    });
  }
}
