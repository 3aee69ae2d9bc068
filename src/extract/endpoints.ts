/**
 * The endpoints the extractor reads, returning Sigma's payloads **as sent**: each body is
 * checked against the shared zod schema, but the original object is kept, because castor's
 * contract is raw payloads (zod would rebuild objects in schema key order).
 */
import { z } from "zod";
import type { Paginated, SigmaClient } from "../client/index.js";
import { path } from "../client/index.js";
import {
  ConnectionPathSchema,
  ConnectionSchema,
  DataModelColumnSchema,
  DataModelSchema,
  DataModelSourceSchema,
  DatasetSchema,
  DatasetSourceSchema,
  ElementLineageSchema,
  ElementQuerySchema,
  ElementSchema,
  LineageEntrySchema,
  MaterializationScheduleSchema,
  MemberSchema,
  SigmaFileSchema,
  TeamSchema,
  WorkbookColumnSchema,
  WorkbookPageSchema,
  WorkbookSchema,
  WorkbookSourceSchema,
  WorkspaceSchema,
} from "../schemas/index.js";
import type { ListAsset } from "./assets.js";

/** A JSON object exactly as Sigma sent it. */
export type RawObject = Record<string, unknown>;

/** A schema that validates with `schema` but yields the untouched input. */
export function raw(schema: z.ZodType): z.ZodType<RawObject> {
  return z.unknown().superRefine((value, ctx) => {
    const r = schema.safeParse(value);
    if (r.success) return;
    for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  }) as unknown as z.ZodType<RawObject>;
}

const R = {
  workbook: raw(WorkbookSchema),
  dataModel: raw(DataModelSchema),
  dataset: raw(DatasetSchema),
  file: raw(SigmaFileSchema),
  member: raw(MemberSchema),
  team: raw(TeamSchema),
  workspace: raw(WorkspaceSchema),
  connection: raw(ConnectionSchema),
  page: raw(WorkbookPageSchema),
  element: raw(ElementSchema),
  workbookColumn: raw(WorkbookColumnSchema),
  query: raw(ElementQuerySchema),
  lineageEntry: raw(LineageEntrySchema),
  elementLineage: raw(ElementLineageSchema),
  workbookSource: raw(WorkbookSourceSchema),
  schedule: raw(MaterializationScheduleSchema),
  dmColumn: raw(DataModelColumnSchema),
  dmSource: raw(DataModelSourceSchema),
  datasetSource: raw(DatasetSourceSchema),
  connectionPath: raw(ConnectionPathSchema),
};

const pageList = (c: SigmaClient, p: string, s: z.ZodType<RawObject>, query?: Record<string, string | boolean>) =>
  c.paginate(p, { style: "page", itemSchema: s, query });
const tokenList = (c: SigmaClient, p: string, s: z.ZodType<RawObject>) => c.paginate(p, { style: "token", itemSchema: s });
const getOne = <T>(c: SigmaClient, p: string, schema: z.ZodType<T>, retryOn500: boolean | "once" = true) =>
  c.request({ method: "GET", path: p, schema, retryOn500 });

/** Options that change what the top-level lists return. */
export interface ListOptions {
  /** Admins: list every workbook / data model / dataset, including those shared with nobody. */
  skipPermissionCheck?: boolean | undefined;
}

/** The top-level lists (the always-paginated `/v2.1` twins where legacy lists exist). */
export function listEndpoint(c: SigmaClient, list: ListAsset, opts: ListOptions = {}): Paginated<RawObject> {
  const q = opts.skipPermissionCheck ? { skipPermissionCheck: true } : undefined;
  switch (list) {
    case "datamodels":
      return pageList(c, "/v2/dataModels", R.dataModel, q);
    case "datasets":
      return pageList(c, "/v2/datasets", R.dataset, q);
    case "workbooks":
      return pageList(c, "/v2/workbooks", R.workbook, q);
    case "files":
      // No type filter, as castor: Sigma's default set of document and folder types.
      return pageList(c, "/v2/files", R.file);
    case "members":
      // Deactivated members still own documents: a catalog needs them to resolve owners.
      return pageList(c, "/v2.1/members", R.member, { includeArchived: true, includeInactive: true });
    case "teams":
      return pageList(c, "/v2.1/teams", R.team);
    case "workspaces":
      return pageList(c, "/v2.1/workspaces", R.workspace);
    case "connections":
      return pageList(c, "/v2/connections", R.connection);
  }
}

/** Per-workbook endpoints. */
export const workbookEndpoints = {
  pages: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/pages`, R.page),
  pageElements: (c: SigmaClient, id: string, pageId: string) =>
    pageList(c, path`/v2/workbooks/${id}/pages/${pageId}/elements`, R.element),
  columns: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/columns`, R.workbookColumn),
  queries: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/queries`, R.query),
  lineage: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/lineage`, R.lineageEntry),
  sources: (c: SigmaClient, id: string) => getOne(c, path`/v2/workbooks/${id}/sources`, z.array(R.workbookSource)),
  schedules: (c: SigmaClient, id: string) =>
    pageList(c, path`/v2.1/workbooks/${id}/materialization-schedules`, R.schedule),
  // Sigma's 500 is its ordinary "no lineage" answer here, and a transient 500 looks the same:
  // retried once (a second 500 is counted as "no lineage", in the summary's own count).
  elementLineage: (c: SigmaClient, id: string, elementId: string) =>
    getOne(c, path`/v2/workbooks/${id}/lineage/elements/${elementId}`, R.elementLineage, "once"),
};

/** Per-data-model endpoints. */
export const dataModelEndpoints = {
  sources: (c: SigmaClient, id: string) => tokenList(c, path`/v2/dataModels/${id}/sources`, R.dmSource),
  elements: (c: SigmaClient, id: string) => pageList(c, path`/v2/dataModels/${id}/elements`, R.element),
  columns: (c: SigmaClient, id: string) => pageList(c, path`/v2/dataModels/${id}/columns`, R.dmColumn),
  lineage: (c: SigmaClient, id: string) => pageList(c, path`/v2/dataModels/${id}/lineage`, R.lineageEntry),
  schedules: (c: SigmaClient, id: string) => tokenList(c, path`/v2/dataModels/${id}/materializationSchedules`, R.schedule),
};

/** Per-dataset endpoints. */
export const datasetEndpoints = {
  sources: (c: SigmaClient, id: string) => getOne(c, path`/v2/datasets/${id}/sources`, z.array(R.datasetSource)),
};

/** `GET /v2/connections/paths/{tableId}`: `{connectionId, path: [db, schema, table]}`. */
export function connectionPath(c: SigmaClient, tableId: string): Promise<RawObject> {
  return getOne(c, path`/v2/connections/paths/${tableId}`, R.connectionPath);
}
