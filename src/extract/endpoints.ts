/**
 * The endpoints the extractor reads, returning Sigma's payloads **as sent**: each entry is
 * checked against the reader schema (only what sigmactl needs; drift from the documented schema
 * is recorded by the client), but the original object is kept, because castor's contract is raw
 * payloads (zod would rebuild objects in schema key order).
 */
import { z } from "zod";
import type { Paginated, SigmaClient } from "../client/index.js";
import { path } from "../client/index.js";
import {
  ConnectionPathDocSchema,
  ConnectionPathSchema,
  ConnectionDocSchema,
  ConnectionSchema,
  DataModelColumnDocSchema,
  DataModelColumnSchema,
  DataModelDocSchema,
  DataModelSchema,
  DataModelSourceDocSchema,
  DataModelSourceSchema,
  DatasetDocSchema,
  DatasetSchema,
  DatasetSourceDocSchema,
  DatasetSourceSchema,
  ElementDocSchema,
  ElementLineageDocSchema,
  ElementLineageSchema,
  ElementQueryDocSchema,
  ElementQuerySchema,
  ElementSchema,
  LineageEntryDocSchema,
  LineageEntrySchema,
  MaterializationScheduleDocSchema,
  MaterializationScheduleSchema,
  MemberDocSchema,
  MemberSchema,
  SigmaFileDocSchema,
  SigmaFileSchema,
  TeamDocSchema,
  TeamSchema,
  WorkbookColumnDocSchema,
  WorkbookColumnSchema,
  WorkbookDocSchema,
  WorkbookPageDocSchema,
  WorkbookPageSchema,
  WorkbookSchema,
  WorkbookSourceDocSchema,
  WorkbookSourceSchema,
  WorkspaceDocSchema,
  WorkspaceSchema,
} from "../schemas/index.js";
import type { ListAsset } from "./assets.js";

/** A JSON object exactly as Sigma sent it. */
export type RawObject = Record<string, unknown>;

/**
 * A schema that checks with the reader `schema` (what sigmactl needs) but yields the untouched
 * input. The reader's issues are passed on as they are, so the drift report can say why an
 * entry was skipped.
 */
export function raw(schema: z.ZodType): z.ZodType<RawObject> {
  return z.unknown().superRefine((value, ctx) => {
    const r = schema.safeParse(value);
    if (r.success) return;
    for (const issue of r.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  }) as unknown as z.ZodType<RawObject>;
}

/** An endpoint read raw: the reader (what sigmactl needs), the documented schema (drift) and its template. */
interface RawRead {
  item: z.ZodType<RawObject>;
  doc: z.ZodType;
  /** Path template, e.g. `/v2/workbooks/{workbookId}/pages`. */
  template: string;
}

const read = (schema: z.ZodType, doc: z.ZodType, template: string): RawRead => ({ item: raw(schema), doc, template });

const R = {
  workbooks: read(WorkbookSchema, WorkbookDocSchema, "/v2/workbooks"),
  dataModels: read(DataModelSchema, DataModelDocSchema, "/v2/dataModels"),
  datasets: read(DatasetSchema, DatasetDocSchema, "/v2/datasets"),
  files: read(SigmaFileSchema, SigmaFileDocSchema, "/v2/files"),
  members: read(MemberSchema, MemberDocSchema, "/v2.1/members"),
  teams: read(TeamSchema, TeamDocSchema, "/v2.1/teams"),
  workspaces: read(WorkspaceSchema, WorkspaceDocSchema, "/v2.1/workspaces"),
  connections: read(ConnectionSchema, ConnectionDocSchema, "/v2/connections"),
  pages: read(WorkbookPageSchema, WorkbookPageDocSchema, "/v2/workbooks/{workbookId}/pages"),
  pageElements: read(ElementSchema, ElementDocSchema, "/v2/workbooks/{workbookId}/pages/{pageId}/elements"),
  workbookColumns: read(WorkbookColumnSchema, WorkbookColumnDocSchema, "/v2/workbooks/{workbookId}/columns"),
  queries: read(ElementQuerySchema, ElementQueryDocSchema, "/v2/workbooks/{workbookId}/queries"),
  workbookLineage: read(LineageEntrySchema, LineageEntryDocSchema, "/v2/workbooks/{workbookId}/lineage"),
  elementLineage: read(ElementLineageSchema, ElementLineageDocSchema, "/v2/workbooks/{workbookId}/lineage/elements/{elementId}"),
  workbookSources: read(WorkbookSourceSchema, WorkbookSourceDocSchema, "/v2/workbooks/{workbookId}/sources"),
  workbookSchedules: read(MaterializationScheduleSchema, MaterializationScheduleDocSchema, "/v2.1/workbooks/{workbookId}/materialization-schedules"),
  dmSources: read(DataModelSourceSchema, DataModelSourceDocSchema, "/v2/dataModels/{dataModelId}/sources"),
  dmElements: read(ElementSchema, ElementDocSchema, "/v2/dataModels/{dataModelId}/elements"),
  dmColumns: read(DataModelColumnSchema, DataModelColumnDocSchema, "/v2/dataModels/{dataModelId}/columns"),
  dmLineage: read(LineageEntrySchema, LineageEntryDocSchema, "/v2/dataModels/{dataModelId}/lineage"),
  dmSchedules: read(MaterializationScheduleSchema, MaterializationScheduleDocSchema, "/v2/dataModels/{dataModelId}/materializationSchedules"),
  datasetSources: read(DatasetSourceSchema, DatasetSourceDocSchema, "/v2/datasets/{datasetId}/sources"),
  connectionPath: read(ConnectionPathSchema, ConnectionPathDocSchema, "/v2/connections/paths/{inodeId}"),
  file: read(SigmaFileSchema, SigmaFileDocSchema, "/v2/files/{inodeId}"),
};

const pageList = (c: SigmaClient, p: string, r: RawRead, query?: Record<string, string | boolean>) =>
  c.paginate(p, { style: "page", itemSchema: r.item, docSchema: r.doc, endpoint: `GET ${r.template}`, query });
const tokenList = (c: SigmaClient, p: string, r: RawRead) =>
  c.paginate(p, { style: "token", itemSchema: r.item, docSchema: r.doc, endpoint: `GET ${r.template}` });
const getOne = (c: SigmaClient, p: string, r: RawRead, retryOn500: boolean | "once" = true) =>
  c.request({ method: "GET", path: p, schema: r.item, docSchema: r.doc, endpoint: `GET ${r.template}`, retryOn500 });
const getArray = (c: SigmaClient, p: string, r: RawRead) =>
  c.requestArray({ method: "GET", path: p, itemSchema: r.item, docSchema: r.doc, endpoint: `GET ${r.template}` });

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
      return pageList(c, "/v2/dataModels", R.dataModels, q);
    case "datasets":
      return pageList(c, "/v2/datasets", R.datasets, q);
    case "workbooks":
      return pageList(c, "/v2/workbooks", R.workbooks, q);
    case "files":
      // No type filter, as castor: Sigma's default set of document and folder types.
      return pageList(c, "/v2/files", R.files);
    case "members":
      // Deactivated members still own documents: a catalog needs them to resolve owners.
      return pageList(c, "/v2.1/members", R.members, { includeArchived: true, includeInactive: true });
    case "teams":
      return pageList(c, "/v2.1/teams", R.teams);
    case "workspaces":
      return pageList(c, "/v2.1/workspaces", R.workspaces);
    case "connections":
      return pageList(c, "/v2/connections", R.connections);
  }
}

/** Per-workbook endpoints. */
export const workbookEndpoints = {
  pages: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/pages`, R.pages),
  pageElements: (c: SigmaClient, id: string, pageId: string) =>
    pageList(c, path`/v2/workbooks/${id}/pages/${pageId}/elements`, R.pageElements),
  columns: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/columns`, R.workbookColumns),
  queries: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/queries`, R.queries),
  lineage: (c: SigmaClient, id: string) => pageList(c, path`/v2/workbooks/${id}/lineage`, R.workbookLineage),
  sources: (c: SigmaClient, id: string) => getArray(c, path`/v2/workbooks/${id}/sources`, R.workbookSources),
  schedules: (c: SigmaClient, id: string) => pageList(c, path`/v2.1/workbooks/${id}/materialization-schedules`, R.workbookSchedules),
  // Sigma's 500 is its ordinary "no lineage" answer here, and a transient 500 looks the same:
  // retried once (a second 500 is counted as "no lineage", in the summary's own count).
  elementLineage: (c: SigmaClient, id: string, elementId: string) =>
    getOne(c, path`/v2/workbooks/${id}/lineage/elements/${elementId}`, R.elementLineage, "once"),
};

/** Per-data-model endpoints. */
export const dataModelEndpoints = {
  sources: (c: SigmaClient, id: string) => tokenList(c, path`/v2/dataModels/${id}/sources`, R.dmSources),
  elements: (c: SigmaClient, id: string) => pageList(c, path`/v2/dataModels/${id}/elements`, R.dmElements),
  columns: (c: SigmaClient, id: string) => pageList(c, path`/v2/dataModels/${id}/columns`, R.dmColumns),
  lineage: (c: SigmaClient, id: string) => pageList(c, path`/v2/dataModels/${id}/lineage`, R.dmLineage),
  schedules: (c: SigmaClient, id: string) => tokenList(c, path`/v2/dataModels/${id}/materializationSchedules`, R.dmSchedules),
};

/** Per-dataset endpoints. */
export const datasetEndpoints = {
  sources: (c: SigmaClient, id: string) => getArray(c, path`/v2/datasets/${id}/sources`, R.datasetSources),
};

/** `GET /v2/files/{id}` of a table (a lineage `table` entry's `inodeId` is its file id). */
export function tableFile(c: SigmaClient, id: string): Promise<RawObject> {
  return getOne(c, path`/v2/files/${id}`, R.file);
}

/** `GET /v2/connections/paths/{tableId}`: `{connectionId, path: [db, schema, table]}`. */
export function connectionPath(c: SigmaClient, tableId: string): Promise<RawObject> {
  return getOne(c, path`/v2/connections/paths/${tableId}`, R.connectionPath);
}
