/**
 * What a route's 200 body holds, declared per route (routes/types.ts): the kind of item and
 * whether the body is one item or a list of them (an envelope's `entries`, or a bare array).
 * Shaping never guesses a kind from a path.
 */

import type { EndpointDef, ItemKind as CatalogueKind } from "../../api/endpoints.js";

/** The kinds of item the Sigma routes answer with. */
export type ItemKind =
  | "workbook"
  | "page"
  | "element"
  | "workbookColumn"
  | "elementColumn"
  | "query"
  | "lineageEntry"
  | "elementLineage"
  | "source"
  | "schedule"
  | "job"
  | "started"
  | "datasetRun"
  | "dataModel"
  | "dataset"
  | "member"
  | "team"
  | "teamMember"
  | "workspace"
  | "file"
  | "connection"
  | "connectionPathEntry"
  | "connectionPath"
  | "tableColumn"
  | "lookup"
  | "accountType"
  | "versionTag";

/** A route's body: one item, a list of items, or never shaped (`null`: tokens, whoami). */
export type ItemSpec = { kind: ItemKind; form: "one" | "list" } | null;

/** The body is a single item of `kind`. */
export function one(kind: ItemKind): ItemSpec {
  return { kind, form: "one" };
}

/** The body lists items of `kind`: `{entries: [...]}` (any envelope) or a bare array. */
export function list(kind: ItemKind): ItemSpec {
  return { kind, form: "list" };
}

/** The body is never shaped. */
export const UNSHAPED: ItemSpec = null;

// Catalogue item kinds → what the shape stage calls them (null: never shaped: tokens, whoami,
// empty answers, files being downloaded, export receipts).
const SHAPE_KIND: Record<CatalogueKind, ItemKind | null> = {
  token: null,
  whoami: null,
  workbook: "workbook",
  workbookPage: "page",
  element: "element",
  workbookColumn: "workbookColumn",
  elementColumn: "elementColumn",
  elementQuery: "query",
  lineageEntry: "lineageEntry",
  elementLineage: "elementLineage",
  workbookSource: "source",
  schedule: "schedule",
  materializationStarted: "started",
  materializationJob: "job",
  dataModel: "dataModel",
  dataModelColumn: "workbookColumn",
  dataModelSource: "source",
  dataset: "dataset",
  datasetSource: "source",
  datasetMaterializationStarted: "started",
  datasetMaterializationRun: "datasetRun",
  member: "member",
  team: "team",
  teamWithMembers: "team",
  teamMember: "teamMember",
  workspace: "workspace",
  file: "file",
  recentFile: "file",
  connection: "connection",
  connectionPathEntry: "connectionPathEntry",
  connectionPath: "connectionPath",
  connectionLookup: "lookup",
  tableColumn: "tableColumn",
  connectionSync: null,
  versionTag: "versionTag",
  accountType: "accountType",
  exportStarted: null,
  download: null,
};

/** What an endpoint's 200 body holds, from the endpoint catalogue (item kind and page style). */
export function itemsOf(endpoint: EndpointDef): ItemSpec {
  const kind = SHAPE_KIND[endpoint.item];
  if (kind === null || endpoint.page === "bytes") return UNSHAPED;
  return endpoint.page === "object" ? one(kind) : list(kind);
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));

/** Fields naming an item of each kind; their values key its per-entity draws. */
const KEY_FIELDS: Record<ItemKind, readonly string[]> = {
  workbook: ["workbookId"],
  page: ["pageId"],
  element: ["elementId"],
  workbookColumn: ["elementId", "columnId"],
  elementColumn: ["columnId", "label"],
  query: ["elementId"],
  // Exactly one id field tells a lineage entry apart (sigma-api-facts §5.2).
  lineageEntry: ["type", "elementId", "inodeId", "dataModelId", "definition", "csvId", "semanticViewId", "sqlDocumentId", "worksheetId"],
  elementLineage: [],
  source: ["type", "inodeId", "dataModelId", "tableId", "datasetId", "customSqlId"],
  schedule: ["sheetId"],
  job: ["materializationId"],
  started: ["materializationId", "taskId"],
  datasetRun: ["finishedAt"],
  dataModel: ["dataModelId"],
  dataset: ["datasetId"],
  member: ["memberId"],
  team: ["teamId"],
  teamMember: ["userId"],
  workspace: ["workspaceId"],
  file: ["id"],
  connection: ["connectionId"],
  connectionPathEntry: ["urlId"],
  connectionPath: ["connectionId", "path"],
  tableColumn: ["name"],
  lookup: ["inodeId"],
  accountType: ["accountTypeId"],
  versionTag: ["versionTagId"],
};

/**
 * The key of one item: its identity fields, or (for bodies that carry no id, such as an
 * element's lineage graph) the route's path parameters.
 */
export function entityKey(kind: ItemKind, item: Obj, params: Record<string, string>): string {
  const parts = KEY_FIELDS[kind].filter((f) => item[f] !== undefined).map((f) => str(item[f]));
  if (parts.length === 0 || SCOPED.has(kind)) parts.unshift(...Object.values(params));
  return parts.join("/");
}

// Items whose own fields are unique only inside their parent (a table's column names, a
// team's memberships, a dataset's runs): their key includes the parent's path parameters.
const SCOPED = new Set<ItemKind>(["elementColumn", "teamMember", "tableColumn", "datasetRun"]);
