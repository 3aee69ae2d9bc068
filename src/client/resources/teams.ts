/** Teams (sigma-api-facts §5.6). */
import { TeamDocSchema, TeamMemberDocSchema, TeamMemberSchema, TeamSchema, type Team, type TeamMember } from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2.1/teams`. */
export interface TeamListParams extends CallOptions {
  name?: string;
  visibility?: "public" | "private";
}

/** `client.teams`. */
export class Teams extends Resource {
  /** `GET /v2.1/teams` (the always-paginated twin of `/v2/teams`). */
  list(params: TeamListParams = {}): Paginated<Team> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2.1/teams", { style: "page", itemSchema: TeamSchema, docSchema: TeamDocSchema, endpoint: "GET /v2.1/teams", query, signal });
  }

  /** `GET /v2/teams/{teamId}/members`. */
  members(teamId: string, options: CallOptions = {}): Paginated<TeamMember> {
    const p = path`/v2/teams/${teamId}/members`;
    return this.client.paginate(p, {
      style: "page",
      itemSchema: TeamMemberSchema,
      docSchema: TeamMemberDocSchema,
      endpoint: "GET /v2/teams/{teamId}/members",
      signal: options.signal,
    });
  }
}
