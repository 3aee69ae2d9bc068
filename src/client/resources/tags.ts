/** Version tags and account types (sigma-api-facts §5.13): catalogue entries (src/api/endpoints.ts). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { AccountType, VersionTag, Workbook } from "../../schemas/index.js";
import { listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
import { Resource, type CallOptions } from "./resource.js";

/** `client.tags`. */
export class Tags extends Resource {
  /** `GET /v2/tags` (`search`: a case-insensitive part of the name). */
  list(params: CallOptions & { search?: string } = {}): Paginated<VersionTag> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listVersionTags, {}, { query, signal });
  }

  /** `GET /v2/tags/{tagId}/workbooks`: the workbooks carrying a tag. */
  workbooks(tagId: string, options: CallOptions = {}): Paginated<Workbook> {
    return listEndpoint(this.client, ENDPOINTS.listTagWorkbooks, { tagId }, options);
  }
}

/** `client.accountTypes`. */
export class AccountTypes extends Resource {
  /** `GET /v2/accountTypes` (token-paginated): the names members' `memberType` holds. */
  list(options: CallOptions = {}): Paginated<AccountType> {
    return listEndpoint(this.client, ENDPOINTS.listAccountTypes, {}, options);
  }
}
