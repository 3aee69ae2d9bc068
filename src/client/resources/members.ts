/** Members (users; sigma-api-facts §5.5). Lists use the always-paginated `/v2.1` twin. */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { Member, RecentFile, SigmaFile } from "../../schemas/index.js";
import { callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
import type { FileListParams } from "./files.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2.1/members`. */
export interface MemberListParams extends CallOptions {
  email?: string;
  includeArchived?: boolean;
  includeInactive?: boolean;
}

/** `client.members`. */
export class Members extends Resource {
  /** `GET /v2.1/members`. */
  list(params: MemberListParams = {}): Paginated<Member> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listMembers, {}, { query, signal });
  }

  /** `GET /v2/members/{memberId}`. */
  get(memberId: string, options: CallOptions = {}): Promise<Member> {
    return callEndpoint(this.client, ENDPOINTS.getMember, { memberId }, options);
  }

  /** `GET /v2/members/{memberId}/files`: the documents and folders a member can access (the `/v2/files` filters). */
  files(memberId: string, params: FileListParams = {}): Paginated<SigmaFile> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listMemberFiles, { memberId }, { query, signal });
  }

  /**
   * `GET /v2/members/{memberId}/files/recents`: the member's recently used documents, with
   * `lastInteractionAt`. Sigma leaves explorations out unless `includeExplorations`.
   */
  recentFiles(memberId: string, params: CallOptions & { includeExplorations?: boolean } = {}): Paginated<RecentFile> {
    const { signal, includeExplorations } = params;
    // The document types this parameter as the strings "true" | "false".
    const query = includeExplorations === undefined ? {} : { includeExplorations: String(includeExplorations) };
    return listEndpoint(this.client, ENDPOINTS.listMemberRecentFiles, { memberId }, { query, signal });
  }

  /** `GET /v2/members/{memberId}/files/favorites`: the member's favourite documents. */
  favoriteFiles(memberId: string, options: CallOptions = {}): Paginated<SigmaFile> {
    return listEndpoint(this.client, ENDPOINTS.listMemberFavoriteFiles, { memberId }, options);
  }
}
