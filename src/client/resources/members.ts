/** Members (users; API-NOTES §5.5). Lists use the always-paginated `/v2.1` twin. */
import { MemberDocSchema, MemberSchema, type Member } from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
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
}
