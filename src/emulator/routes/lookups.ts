/** Resolving path ids to records with Sigma's 400/403/404 answers. */
import { HttpError, badRequest, notFound } from "../http.js";
import type { WorkbookView } from "../org-index.js";
import type { DataModelRecord, DatasetRecord } from "../org/types.js";
import type { RouteContext } from "./types.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The workbook of `{workbookId}`. Sigma's document says the id "must be a valid UUID": a
 * malformed id on a known route is a JSON 400 (API-NOTES §6.1), an unknown one 404, and a
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
