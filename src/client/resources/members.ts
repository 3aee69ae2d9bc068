/** Members (users; sigma-api-facts §5.5). Lists use the always-paginated `/v2.1` twin. */
import { MemberDocSchema, MemberSchema, RecentFileDocSchema, RecentFileSchema, SigmaFileDocSchema, SigmaFileSchema, type Member, type RecentFile, type SigmaFile } from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
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
    return this.client.paginate("/v2.1/members", { style: "page", itemSchema: MemberSchema, docSchema: MemberDocSchema, endpoint: "GET /v2.1/members", query, signal });
  }

  /** `GET /v2/members/{memberId}`. */
  get(memberId: string, options: CallOptions = {}): Promise<Member> {
    return this.client.request({
      method: "GET",
      path: path`/v2/members/${memberId}`,
      endpoint: "GET /v2/members/{memberId}",
      schema: MemberSchema,
      docSchema: MemberDocSchema,
      ...options,
    });
  }

  /** `GET /v2/members/{memberId}/files`: the documents and folders a member can access (the `/v2/files` filters). */
  files(memberId: string, params: FileListParams = {}): Paginated<SigmaFile> {
    const { signal, ...query } = params;
    return this.client.paginate(path`/v2/members/${memberId}/files`, {
      style: "page",
      itemSchema: SigmaFileSchema,
      docSchema: SigmaFileDocSchema,
      endpoint: "GET /v2/members/{memberId}/files",
      query,
      signal,
    });
  }

  /**
   * `GET /v2/members/{memberId}/files/recents`: the member's recently used documents, with
   * `lastInteractionAt`. Sigma leaves explorations out unless `includeExplorations`.
   */
  recentFiles(memberId: string, params: CallOptions & { includeExplorations?: boolean } = {}): Paginated<RecentFile> {
    const { signal, includeExplorations } = params;
    // The document types this parameter as the strings "true" | "false".
    const query = includeExplorations === undefined ? {} : { includeExplorations: String(includeExplorations) };
    return this.client.paginate(path`/v2/members/${memberId}/files/recents`, {
      style: "page",
      itemSchema: RecentFileSchema,
      docSchema: RecentFileDocSchema,
      endpoint: "GET /v2/members/{memberId}/files/recents",
      query,
      signal,
    });
  }

  /** `GET /v2/members/{memberId}/files/favorites`: the member's favourite documents. */
  favoriteFiles(memberId: string, options: CallOptions = {}): Paginated<SigmaFile> {
    const p = path`/v2/members/${memberId}/files/favorites`;
    return this.client.paginate(p, {
      style: "page",
      itemSchema: SigmaFileSchema,
      docSchema: SigmaFileDocSchema,
      endpoint: "GET /v2/members/{memberId}/files/favorites",
      signal: options.signal,
    });
  }
}
