/** Teams (sigma-api-facts §5.6): every method is a catalogue entry (src/api/endpoints.ts). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { Team, TeamMember, TeamWithMembers } from "../../schemas/index.js";
import { callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
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
    return listEndpoint(this.client, ENDPOINTS.listTeams, {}, { query, signal });
  }

  /** `GET /v2/teams/{teamId}`: the team with its members' ids. */
  get(teamId: string, options: CallOptions = {}): Promise<TeamWithMembers> {
    return callEndpoint(this.client, ENDPOINTS.getTeam, { teamId }, options);
  }

  /** `GET /v2/teams/{teamId}/members`. */
  members(teamId: string, options: CallOptions = {}): Paginated<TeamMember> {
    return listEndpoint(this.client, ENDPOINTS.listTeamMembers, { teamId }, options);
  }
}
