/**
 * Files (sigma-api-facts §5.7): GET /v2/files with name, permissionFilter, typeFilters (one or many:
 * repeated or comma-separated), parentId and directChildFilter; GET /v2/files/{inodeId} by id
 * or urlId.
 *
 * As documented: with no typeFilters only workbooks, folders, data models, datasets and reports
 * are listed; several typeFilters never list workspaces ("to retrieve a workspace, use the
 * single document type"); only files the caller can access are listed (workbooks hidden from
 * the caller are left out, and 403 on get). Emulator readings where the document is silent:
 * parentId without directChildFilter lists every descendant; no parentId (or the root's id) =
 * the root, and with directChildFilter only the root's children (workspaces, "My Documents");
 * parentId may be a database or schema inode (tables under it, as `typeFilters=table&parentId=
 * <schema>` clients do); archived files are not listed; permissionFilter keeps files whose
 * permission is at least the one asked (view < explore < organize < edit); an unknown parentId
 * is a 404.
 */
import { KNOWN_FILE_TYPES, type SigmaFileDoc as SigmaFile } from "../../schemas/index.js";
import { HttpError, badRequest, notFound } from "../http.js";
import { boolParam, containsCi, ENDPOINTS, get, listBody, ok, type RouteContext, type RouteDef } from "./types.js";

const DEFAULT_TYPES = new Set(["workbook", "folder", "data-model", "dataset", "report"]);
const RANK: Record<string, number> = { view: 1, annotate: 1, apply: 1, explore: 2, organize: 3, create: 3, edit: 4 };
const FILTERS = ["view", "explore", "organize", "edit"];

function typeFilter(query: URLSearchParams): Set<string> {
  const values = query.getAll("typeFilters").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  if (values.length === 0) return DEFAULT_TYPES;
  for (const v of values) {
    if (!(KNOWN_FILE_TYPES as readonly string[]).includes(v)) throw badRequest(`typeFilters: unknown file type "${v}"`);
  }
  const types = new Set(values);
  // The document: with several types (the array form) workspaces are not returned.
  if (types.size > 1) types.delete("workspace");
  return types;
}

/**
 * The /v2/files filters (typeFilters, name, permissionFilter, parentId, directChildFilter) over
 * the org's files as `view` shows them: `view` answers the file as that reader sees it (its
 * `permission`), or undefined when the reader cannot access it. Shared with
 * /v2/members/{memberId}/files.
 */
export function filterFiles(ctx: RouteContext, view: (f: SigmaFile) => SigmaFile | undefined): SigmaFile[] {
  const q = ctx.query;
  const index = ctx.state.index;
  const types = typeFilter(q);
  const name = q.get("name");
  const perm = q.get("permissionFilter");
  if (perm && !FILTERS.includes(perm)) throw badRequest(`permissionFilter must be one of ${FILTERS.join(", ")}, got "${perm}"`);
  const minRank = perm ? (RANK[perm] ?? 0) : 0;
  const direct = boolParam(q, "directChildFilter") === true;
  const parentParam = q.get("parentId");
  let parentId: string | undefined;
  if (parentParam && !index.isRoot(parentParam)) {
    const parent = index.file(parentParam) ?? index.scopes.get(parentParam);
    if (!parent) throw notFound(`Parent ${parentParam} not found`);
    parentId = "id" in parent ? parent.id : parent.inodeId;
  }
  const out: SigmaFile[] = [];
  for (const file of ctx.state.org.files) {
    if (!types.has(file.type) || file.isArchived) continue;
    const f = view(file);
    if (!f) continue;
    if (name && !containsCi(f.name, name)) continue;
    if (minRank && (RANK[f.permission] ?? 0) < minRank) continue;
    if (parentId !== undefined) {
      if (direct ? f.parentId !== parentId : !index.ancestors(f.id).includes(parentId)) continue;
    } else if (direct && !index.isRoot(f.parentId)) continue;
    out.push(f);
  }
  return out;
}

function listFiles(ctx: RouteContext) {
  const hidden = ctx.state.index.hidden;
  return ok(listBody(ctx, filterFiles(ctx, (f) => (hidden.has(f.id) ? undefined : f))));
}

/** File routes. */
export const fileRoutes: RouteDef[] = [
  get(ENDPOINTS.listFiles, listFiles),
  get(ENDPOINTS.getFile, (ctx) => {
    const id = ctx.params.inodeId ?? "";
    const f = ctx.state.index.file(id);
    if (!f) throw notFound(`File ${id} not found`);
    if (ctx.state.index.hidden.has(f.id)) throw new HttpError(403, "forbidden", `You do not have permission to access ${id}`);
    return ok(f);
  }),
];
