/**
 * A member's files (sigma-api-facts §5.5): GET /v2/members/{memberId}/files (the /v2/files filters
 * over what that member can access), .../files/recents (with `lastInteractionAt`, newest first;
 * `includeExplorations` must be "true" or "false", and the emulated org has no explorations) and
 * .../files/favorites. All three are offset-paginated with total + hasMore, as the document
 * declares. Unknown member: 404. Access, recents and favourites: see member-access.ts.
 */
import type { MemberDoc as Member } from "../../schemas/index.js";
import { badRequest, notFound } from "../http.js";
import { favoriteFiles, memberAccess, recentFiles } from "../member-access.js";
import { filterFiles } from "./files.js";
import { ENDPOINTS, get, listBody, ok, type RouteContext, type RouteDef } from "./types.js";

function requireMember(ctx: RouteContext): Member {
  const id = ctx.params.memberId ?? "";
  const m = ctx.state.index.members.get(id);
  if (!m) throw notFound(`Member ${id} not found`);
  return m;
}

function access(ctx: RouteContext) {
  const member = requireMember(ctx);
  return { member, access: memberAccess(ctx.state.options.seed, ctx.state.index, member) };
}

/** Member file routes. */
export const memberFileRoutes: RouteDef[] = [
  get(ENDPOINTS.listMemberFiles, (ctx) => {
    const { access: a } = access(ctx);
    return ok(listBody(ctx, filterFiles(ctx, a.view)));
  }),
  get(ENDPOINTS.listMemberRecentFiles, (ctx) => {
    const raw = ctx.query.get("includeExplorations");
    if (raw !== null && raw !== "true" && raw !== "false") throw badRequest(`includeExplorations must be "true" or "false", got "${raw}"`);
    const { member, access: a } = access(ctx);
    return ok(listBody(ctx, recentFiles(ctx.state.options.seed, a, member)));
  }),
  get(ENDPOINTS.listMemberFavoriteFiles, (ctx) => {
    const { member, access: a } = access(ctx);
    return ok(listBody(ctx, favoriteFiles(ctx.state.options.seed, a, member)));
  }),
];
