/** Resolving path ids to records with Sigma's 400/403/404 answers. */
import { HttpError, badRequest, notFound } from "../http.js";
import type { WorkbookView } from "../org-index.js";
import type { DataModelRecord, DatasetRecord } from "../org/types.js";
import type { RouteContext } from "./types.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The workbook of `{workbookId}`. Sigma's document says the id "must be a valid UUID": a
 * malformed id on a known route is a JSON 400 (sigma-api-facts §6.1), an unknown one 404, and a
 * workbook the caller cannot see 403.
 */
export function requireWorkbook(ctx: RouteContext): WorkbookView {
  const id = ctx.params.workbookId ?? "";
  const view = ctx.state.index.workbook(id);
  if (!view) {
    if (!UUID.test(id)) throw badRequest(`workbookId must be a valid UUID, got "${id}"`);
    throw notFound(`Workbook ${id} not found`);
  }
  if (view.record.hiddenFromCaller) throw new HttpError(403, "forbidden", `You do not have permission to access workbook ${id}`);
  return view;
}

/** The data model of `{dataModelId}` (404 when unknown). */
export function requireDataModel(ctx: RouteContext): DataModelRecord {
  const id = ctx.params.dataModelId ?? "";
  const record = ctx.state.index.dataModels.get(id);
  if (!record) throw notFound(`Data model ${id} not found`);
  return record;
}

/** The dataset of `{datasetId}` (404 when unknown). */
export function requireDataset(ctx: RouteContext): DatasetRecord {
  const id = ctx.params.datasetId ?? "";
  const record = ctx.state.index.datasets.get(id);
  if (!record) throw notFound(`Dataset ${id} not found`);
  return record;
}

/**
 * Checks a version-tag query parameter (`tag` or `tagName`) against the document's tags. The
 * emulator keeps one version per document, so a tag the document has serves the same content;
 * a tag it does not have is a 404. Matches the tag's name or its versionTagId.
 */
export function checkVersionTag(ctx: RouteContext, param: "tag" | "tagName", tags: ReadonlyArray<{ versionTagId: string; name?: string; tagName?: string }> | undefined): void {
  const wanted = ctx.query.get(param);
  if (wanted === null || wanted === "") return;
  if (!(tags ?? []).some((t) => t.versionTagId === wanted || (t.name ?? t.tagName) === wanted)) throw notFound(`Version tag "${wanted}" not found on this document`);
}

/** Checks `bookmarkId`: the emulated org has no saved views, so any bookmark id is a 404. */
export function checkBookmark(ctx: RouteContext): void {
  const id = ctx.query.get("bookmarkId");
  if (id !== null && id !== "") throw notFound(`Bookmark ${id} not found`);
}
