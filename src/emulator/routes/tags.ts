/**
 * Organisation-level lists the generated org already holds (sigma-api-facts §5.13): account types
 * (token paging, as the document says), version tags (page/limit, `search` = case-insensitive
 * substring of the name) and the workbooks carrying a tag (what the caller may list in
 * /v2/workbooks: hidden and archived workbooks are left out; unknown tag: 404).
 */
import { notFound } from "../http.js";
import { containsCi, ENDPOINTS, get, listBody, ok, type RouteDef } from "./types.js";

/** Account type and version tag routes. */
export const tagRoutes: RouteDef[] = [
  get(ENDPOINTS.listAccountTypes, (ctx) => ok(listBody(ctx, ctx.state.org.accountTypes ?? []))),
  get(ENDPOINTS.listVersionTags, (ctx) => {
    const search = ctx.query.get("search");
    const tags = ctx.state.org.versionTags ?? [];
    return ok(listBody(ctx, search ? tags.filter((t) => containsCi(t.name, search)) : tags));
  }),
  get(ENDPOINTS.listTagWorkbooks, (ctx) => {
    const id = ctx.params.tagId ?? "";
    if (!(ctx.state.org.versionTags ?? []).some((t) => t.versionTagId === id)) throw notFound(`Version tag ${id} not found`);
    const workbooks = ctx.state.org.workbooks
      .filter((r) => !r.hiddenFromCaller && r.workbook.isArchived !== true && (r.workbook.tags ?? []).some((t) => t.versionTagId === id))
      .map((r) => r.workbook);
    return ok(listBody(ctx, workbooks));
  }),
];
