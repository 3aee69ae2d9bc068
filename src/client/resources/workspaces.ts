/** Workspaces (sigma-api-facts §5.9). */
import { WorkspaceDocSchema, WorkspaceSchema, type Workspace } from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2.1/workspaces`. */
export interface WorkspaceListParams extends CallOptions {
  /** Case-insensitive substring. */
  name?: string;
  /** Case-insensitive exact name (wins over `name`). */
  exactName?: string;
}

/** `client.workspaces`. */
export class Workspaces extends Resource {
  /** `GET /v2.1/workspaces` (the always-paginated twin of `/v2/workspaces`). */
  list(params: WorkspaceListParams = {}): Paginated<Workspace> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2.1/workspaces", { style: "page", itemSchema: WorkspaceSchema, docSchema: WorkspaceDocSchema, endpoint: "GET /v2.1/workspaces", query, signal });
  }
}
