/**
 * Members, teams and workspaces (sigma-api-facts §5.5, 5.6, 5.9). The /v2 lists are the legacy ones
 * (bare array or paginated per `legacyLists`, `{entries, nextPage}` when paginated); the /v2.1
 * twins always paginate with total + hasMore.
 */
import { badRequest, notFound } from "../http.js";
import type { MemberDoc as Member, TeamDoc as Team, WorkspaceDoc as Workspace } from "../../schemas/index.js";
import { boolParam, containsCi, ENDPOINTS, get, listBody, ok, type RouteContext, type RouteDef } from "./types.js";

function members(ctx: RouteContext): Member[] {
  const q = ctx.query;
  const email = q.get("email");
  const search = q.get("search");
  if (email && search) throw badRequest("Using email and search together is not supported");
  const withArchived = boolParam(q, "includeArchived") === true;
  const withInactive = boolParam(q, "includeInactive") === true;
  return ctx.state.org.members.filter(
    (m) =>
      (withArchived || m.isArchived !== true) &&
      (withInactive || m.isInactive !== true) &&
      (!email || m.email.toLowerCase() === email.toLowerCase()) &&
      (!search || containsCi(m.email, search) || containsCi(`${m.firstName} ${m.lastName}`, search)),
  );
}

function teams(ctx: RouteContext): Team[] {
  const q = ctx.query;
  const name = q.get("name");
  const description = q.get("description");
  const visibility = q.get("visibility");
  if (visibility && visibility !== "public" && visibility !== "private") throw badRequest(`visibility must be public or private, got "${visibility}"`);
  return ctx.state.org.teams
    .map((t) => t.team)
    .filter(
      (t) =>
        (!name || containsCi(t.name, name)) &&
        (!description || containsCi(t.description, description)) &&
        (!visibility || t.visibility === visibility),
    );
}

function workspaces(ctx: RouteContext): Workspace[] {
  const exact = ctx.query.get("exactName");
  const name = ctx.query.get("name");
  // exactName wins over name, both case-insensitive (the document's usage notes).
  if (exact) return ctx.state.org.workspaces.filter((w) => w.name.toLowerCase() === exact.toLowerCase());
  if (name) return ctx.state.org.workspaces.filter((w) => containsCi(w.name, name));
  return ctx.state.org.workspaces;
}

/** Member, team and workspace routes. */
export const peopleRoutes: RouteDef[] = [
  get(ENDPOINTS.listMembersLegacy, (ctx) => ok(listBody(ctx, members(ctx)))),
  get(ENDPOINTS.listMembers, (ctx) => ok(listBody(ctx, members(ctx)))),
  get(ENDPOINTS.getMember, (ctx) => {
    const m = ctx.state.index.members.get(ctx.params.memberId ?? "");
    if (!m) throw notFound(`Member ${ctx.params.memberId} not found`);
    return ok(m);
  }),
  get(ENDPOINTS.listTeamsLegacy, (ctx) => ok(listBody(ctx, teams(ctx)))),
  get(ENDPOINTS.listTeams, (ctx) => ok(listBody(ctx, teams(ctx)))),
  get(ENDPOINTS.getTeam, (ctx) => {
    const t = ctx.state.index.teams.get(ctx.params.teamId ?? "");
    if (!t) throw notFound(`Team ${ctx.params.teamId} not found`);
    return ok({ ...t.team, members: t.members.map((m) => m.userId) });
  }),
  get(ENDPOINTS.listTeamMembers, (ctx) => {
    const t = ctx.state.index.teams.get(ctx.params.teamId ?? "");
    if (!t) throw notFound(`Team ${ctx.params.teamId} not found`);
    return ok(listBody(ctx, t.members));
  }),
  get(ENDPOINTS.listWorkspacesLegacy, (ctx) => ok(listBody(ctx, workspaces(ctx)))),
  get(ENDPOINTS.listWorkspaces, (ctx) => ok(listBody(ctx, workspaces(ctx)))),
  get(ENDPOINTS.getWorkspace, (ctx) => {
    const w = ctx.state.index.workspaces.get(ctx.params.workspaceId ?? "");
    if (!w) throw notFound(`Workspace ${ctx.params.workspaceId} not found`);
    return ok(w);
  }),
];
