/** Workspaces (sigma-api-facts §5.9): every method is a catalogue entry (src/api/endpoints.ts). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { Workspace } from "../../schemas/index.js";
import { callEndpoint, listEndpoint } from "../endpoint-call.js";
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
    return listEndpoint(this.client, ENDPOINTS.listWorkspaces, {}, { query, signal });
  }

  /** `GET /v2/workspaces/{workspaceId}` (403 for a workspace the caller cannot access). */
  get(workspaceId: string, options: CallOptions = {}): Promise<Workspace> {
    return callEndpoint(this.client, ENDPOINTS.getWorkspace, { workspaceId }, options);
  }
}
