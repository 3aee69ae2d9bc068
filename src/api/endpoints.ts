/**
 * The endpoint catalogue: every Sigma operation sigmactl calls or emulates, written once.
 *
 * The client's resources, extract's readers and the emulator's routes all take an endpoint's
 * path, page style, envelope and retry rule from here, so the two sides cannot drift apart on
 * them. What a body may look like is NOT here: the client reads tolerantly (src/schemas reader
 * schemas), the emulator varies its bodies (shapes), and Sigma's OpenAPI document is the
 * independent check (test/api/catalogue.test.ts compares this table with the document).
 */

/** HTTP methods of catalogued endpoints. */
export type EndpointMethod = "GET" | "POST" | "PUT";

/**
 * How an endpoint answers:
 * - `offset`: `{entries, nextPage, total?, hasMore?}`, `?page=&limit=` (sigma-api-facts §4.1);
 * - `token`: `{entries, nextPageToken?}`, `?pageToken=&pageSize=` (§4.2);
 * - `legacy`: a /v2 list that answered a bare array without `limit` before 2026-06-02 and an
 *   offset envelope with it (§4.3); the client uses the `/v2.1` twin instead;
 * - `array`: a bare array, never paginated (sources);
 * - `object`: one JSON object;
 * - `bytes`: a file (export download).
 */
export type PageStyle = "offset" | "token" | "legacy" | "array" | "object" | "bytes";

/** The optional fields an offset envelope carries on this endpoint, per Sigma's document. */
export interface EnvelopeFields {
  total: boolean;
  hasMore: boolean;
}

/**
 * When a request may be sent again after a failure:
 * - `replay`: a read; retried on 429, 5xx, timeouts and resets;
 * - `refused-only`: starts work in Sigma (a materialization, an export, a sync): retried only
 *   when Sigma provably did not start it (429 refusal, never sent), decisions/0001;
 * - `no-500`: a read where 500 is an ordinary answer (element lineage: "no lineage"); a 500 is
 *   retried once at most, then reported as such.
 */
export type RetryRule = "replay" | "refused-only" | "no-500";

/** The kind of payload an endpoint's entries (or whole body) hold; src/schemas has a reader per kind. */
export type ItemKind =
  | "token"
  | "whoami"
  | "workbook"
  | "workbookPage"
  | "element"
  | "workbookColumn"
  | "elementColumn"
  | "elementQuery"
  | "lineageEntry"
  | "elementLineage"
  | "workbookSource"
  | "schedule"
  | "materializationStarted"
  | "materializationJob"
  | "dataModel"
  | "dataModelColumn"
  | "dataModelSource"
  | "dataset"
  | "datasetSource"
  | "datasetMaterializationStarted"
  | "datasetMaterializationRun"
  | "member"
  | "team"
  | "teamWithMembers"
  | "teamMember"
  | "workspace"
  | "file"
  | "recentFile"
  | "connection"
  | "connectionPathEntry"
  | "connectionPath"
  | "connectionLookup"
  | "tableColumn"
  | "connectionSync"
  | "versionTag"
  | "accountType"
  | "exportStarted"
  | "download";

/** One catalogued operation. */
export interface EndpointDef {
  method: EndpointMethod;
  /** Sigma's path template, as in the OpenAPI document (`{name}` parameters). */
  path: string;
  /** Sigma's operationId in the OpenAPI document. */
  operationId: string;
  page: PageStyle;
  /** Offset envelopes only: which optional fields Sigma's document gives this endpoint. */
  envelope?: EnvelopeFields;
  item: ItemKind;
  retry: RetryRule;
  /** Known behaviour beyond the document, one line each (section of docs/sigma-api-facts.md in brackets). */
  quirks?: readonly string[];
  /** A legacy list the client never calls: it reads the same data through this always-paginated twin. */
  twin?: string;
}

const FULL: EnvelopeFields = { total: true, hasMore: true };
const WITH_TOTAL: EnvelopeFields = { total: true, hasMore: false };
const BARE: EnvelopeFields = { total: false, hasMore: false };

// Generic so that each entry keeps its literal page style and item kind: the client derives
// its method's return type from them.
function read<const P extends PageStyle, const K extends ItemKind>(
  path: string,
  operationId: string,
  page: P,
  item: K,
  extra: Partial<Omit<EndpointDef, "page" | "item">> = {},
): EndpointDef & { page: P; item: K } {
  const envelope = page === "offset" ? FULL : page === "legacy" ? BARE : undefined;
  return { method: "GET", path, operationId, retry: "replay", ...(envelope ? { envelope } : {}), ...extra, page, item };
}

function start<const K extends ItemKind>(path: string, operationId: string, item: K, quirks?: readonly string[]): EndpointDef & { page: "object"; item: K } {
  return { method: "POST", path, operationId, page: "object", item, retry: "refused-only", ...(quirks ? { quirks } : {}) };
}

/** Every endpoint, by a stable key used in code (`ENDPOINTS.listWorkbooks`). */
export const ENDPOINTS = {
  // Auth and identity (sigma-api-facts §1)
  token: {
    method: "POST",
    path: "/v2/auth/token",
    operationId: "postToken",
    page: "object",
    item: "token",
    // No side effect beyond minting a token: replayed after resets too (decisions/0001).
    retry: "replay",
    quirks: ["form body (also JSON and Basic); refresh returns a new refresh token [§1.1-1.3]"],
  },
  whoami: read("/v2/whoami", "whoami", "object", "whoami", { quirks: ["adds accountType, not in the document [§9.10]"] }),

  // Workbooks (§5.2)
  listWorkbooks: read("/v2/workbooks", "listWorkbooks", "offset", "workbook"),
  getWorkbook: read("/v2/workbooks/{workbookId}", "getWorkbook", "object", "workbook"),
  listWorkbookPages: read("/v2/workbooks/{workbookId}/pages", "listWorkbookPages", "offset", "workbookPage", { envelope: WITH_TOTAL }),
  listWorkbookPageElements: read(
    "/v2/workbooks/{workbookId}/pages/{pageId}/elements",
    "listWorkbookPageElements",
    "offset",
    "element",
    { envelope: WITH_TOTAL, quirks: ["vizualizationType is misspelled upstream [§5.2]"] },
  ),
  listWorkbookElements: read("/v2/workbooks/{workbookId}/elements", "listWorkbookElements", "offset", "element", {
    envelope: WITH_TOTAL,
  }),
  listWorkbookColumns: read("/v2/workbooks/{workbookId}/columns", "getWorkbookColumns", "offset", "workbookColumn", {
    envelope: WITH_TOTAL,
  }),
  listElementColumns: read(
    "/v2/workbooks/{workbookId}/elements/{elementId}/columns",
    "getElementColumns",
    "offset",
    "elementColumn",
    { envelope: WITH_TOTAL, quirks: ["columns are {columnId, label} in real bodies, formula/type often absent [§5.2]"] },
  ),
  getElementQuery: read("/v2/workbooks/{workbookId}/elements/{elementId}/query", "getElementQuery", "object", "elementQuery", {
    quirks: ["controls, text and images have no SQL: an error answer [§5.2]"],
  }),
  listWorkbookQueries: read("/v2/workbooks/{workbookId}/queries", "listWorkbookQueries", "offset", "elementQuery", {
    envelope: WITH_TOTAL,
  }),
  listWorkbookLineage: read("/v2/workbooks/{workbookId}/lineage", "listLineageTree", "offset", "lineageEntry", {
    envelope: WITH_TOTAL,
    quirks: ["a union told apart by which id field is present, not by type [§5.2]"],
  }),
  getElementLineage: read("/v2/workbooks/{workbookId}/lineage/elements/{elementId}", "listLineage", "object", "elementLineage", {
    retry: "no-500",
    quirks: ["500 is the ordinary 'no lineage' answer; 400 for UI elements [§5.2, §6.2]"],
  }),
  listWorkbookSources: read("/v2/workbooks/{workbookId}/sources", "getWorkbookSources", "array", "workbookSource"),

  // Materialization (§5.1)
  listWorkbookSchedulesLegacy: read(
    "/v2/workbooks/{workbookId}/materialization-schedules",
    "listMaterializationSchedules",
    "legacy",
    "schedule",
    { quirks: ["without limit: {entries} with no nextPage (before 2026-06-02) [§4.3]"], twin: "listWorkbookSchedules" },
  ),
  listWorkbookSchedules: read(
    "/v2.1/workbooks/{workbookId}/materialization-schedules",
    "v2_1_listMaterializationSchedules",
    "offset",
    "schedule",
  ),
  materializeWorkbook: start("/v2/workbooks/{workbookId}/materializations", "materializeWorkbookElement", "materializationStarted"),
  getWorkbookMaterialization: read(
    "/v2/workbooks/{workbookId}/materializations/{materializationId}",
    "getWorkbookMaterialization",
    "object",
    "materializationJob",
    { quirks: ["status words are not enumerated: pending, building, ready, failed seen [§5.1]"] },
  ),
  listDataModelSchedules: read(
    "/v2/dataModels/{dataModelId}/materializationSchedules",
    "listDataModelMaterializationSchedules",
    "token",
    "schedule",
  ),
  materializeDataModel: start("/v2/dataModels/{dataModelId}:materialize", "materializeDataModelElement", "materializationStarted", [
    "colon verb in the path [§8.10]",
  ]),
  getDataModelMaterialization: read(
    "/v2/dataModels/{dataModelId}/materializations/{materializationId}",
    "getDataModelMaterialization",
    "object",
    "materializationJob",
  ),
  materializeDataset: start("/v2/datasets/{datasetId}/materialization", "materializeDataset", "datasetMaterializationStarted"),
  listDatasetMaterializations: read(
    "/v2/datasets/{datasetId}/materialization",
    "listDatasetMaterializations",
    "offset",
    "datasetMaterializationRun",
    { quirks: ["runs in progress are not listed [§5.1]"] },
  ),

  // Data models (§5.4)
  listDataModels: read("/v2/dataModels", "listDataModels", "offset", "dataModel"),
  getDataModel: read("/v2/dataModels/{dataModelId}", "getDataModel", "object", "dataModel"),
  listDataModelElements: read("/v2/dataModels/{dataModelId}/elements", "listDataModelElements", "offset", "element", {
    envelope: WITH_TOTAL,
  }),
  listDataModelColumns: read("/v2/dataModels/{dataModelId}/columns", "getDataModelColumns", "offset", "dataModelColumn", {
    envelope: WITH_TOTAL,
  }),
  listDataModelLineage: read("/v2/dataModels/{dataModelId}/lineage", "listDataModelLineageTree", "offset", "lineageEntry", {
    envelope: WITH_TOTAL,
  }),
  listDataModelSources: read("/v2/dataModels/{dataModelId}/sources", "listDataModelSources", "token", "dataModelSource", {
    quirks: ["tables are tableId here, inodeId on workbook and dataset sources [§5.4]"],
  }),

  // Datasets (§5.3, deprecated)
  listDatasets: read("/v2/datasets", "listDatasets", "offset", "dataset"),
  getDataset: read("/v2/datasets/{datasetId}", "getDataset", "object", "dataset"),
  listDatasetSources: read("/v2/datasets/{datasetId}/sources", "getDatasetSources", "array", "datasetSource", {
    quirks: ["409 inode_archived when a source cannot be resolved [§5.3]"],
  }),

  // Members, teams, workspaces (§5.5, §5.6, §5.9)
  listMembersLegacy: read("/v2/members", "listMembers", "legacy", "member", { twin: "listMembers" }),
  listMembers: read("/v2.1/members", "v2_1_listMembers", "offset", "member"),
  getMember: read("/v2/members/{memberId}", "getMember", "object", "member"),
  listMemberFiles: read("/v2/members/{memberId}/files", "listAccessibleInodes", "offset", "file"),
  listMemberRecentFiles: read("/v2/members/{memberId}/files/recents", "listRecentInodes", "offset", "recentFile", {
    quirks: ["may fail with service_error for admin/system accounts [§5.5]"],
  }),
  listMemberFavoriteFiles: read("/v2/members/{memberId}/files/favorites", "listFavoriteInodes", "offset", "file"),
  listTeamsLegacy: read("/v2/teams", "listTeams", "legacy", "team", { twin: "listTeams" }),
  listTeams: read("/v2.1/teams", "v2_1_listTeams", "offset", "team"),
  getTeam: read("/v2/teams/{teamId}", "getTeam", "object", "teamWithMembers"),
  listTeamMembers: read("/v2/teams/{teamId}/members", "getTeamMembers", "offset", "teamMember"),
  listWorkspacesLegacy: read("/v2/workspaces", "listWorkspaces", "legacy", "workspace", { twin: "listWorkspaces" }),
  listWorkspaces: read("/v2.1/workspaces", "v2_1_listWorkspaces", "offset", "workspace"),
  getWorkspace: read("/v2/workspaces/{workspaceId}", "getWorkspace", "object", "workspace"),

  // Files (§5.7)
  listFiles: read("/v2/files", "list", "offset", "file", {
    quirks: ["no typeFilters = workbooks, folders, data models, datasets, reports [§5.7]"],
  }),
  getFile: read("/v2/files/{inodeId}", "get", "object", "file"),

  // Connections (§5.8)
  listConnections: read("/v2/connections", "listConnections", "offset", "connection"),
  getConnection: read("/v2/connections/{connectionId}", "getConnection", "object", "connection"),
  listConnectionPaths: read("/v2/connections/paths", "listConnectionPaths", "offset", "connectionPathEntry"),
  getConnectionPath: read("/v2/connections/paths/{inodeId}", "getInodeConnectionPath", "object", "connectionPath"),
  lookupConnection: {
    method: "POST",
    path: "/v2/connection/{connectionId}/lookup",
    operationId: "lookupConnection",
    page: "object",
    item: "connectionLookup",
    // A read-only POST: safe to replay.
    retry: "replay",
    quirks: ["singular /connection/ in the path [§5.8]"],
  },
  listTableColumns: read("/v2/connections/tables/{tableId}/columns", "listConnectionTableColumns", "token", "tableColumn"),
  syncConnection: {
    method: "POST",
    path: "/v2/connections/{connectionId}/sync",
    operationId: "syncConnectionPath",
    page: "object",
    item: "connectionSync",
    // Re-reading a schema twice is harmless: replayed like a read.
    retry: "replay",
    quirks: ["path [] syncs the whole connection [§5.8]"],
  },

  // Version tags and account types (§5.13)
  listVersionTags: read("/v2/tags", "listVersionTag", "offset", "versionTag"),
  listTagWorkbooks: read("/v2/tags/{tagId}/workbooks", "listWorkbooksForTag", "offset", "workbook"),
  listAccountTypes: read("/v2/accountTypes", "listAccountTypes", "token", "accountType"),

  // Exports (§5.12)
  exportWorkbook: start("/v2/workbooks/{workbookId}/export", "exportWorkbook", "exportStarted", [
    "asynchronous: the file is fetched from /v2/query/{queryId}/download; 400 requests/minute [§5.12]",
  ]),
  downloadQuery: read("/v2/query/{queryId}/download", "downloadQuery", "bytes", "download", {
    quirks: ["204 while the export runs, 200 with the file, 404 once expired (1 h default) [§5.12]"],
  }),
} as const satisfies Record<string, EndpointDef>;

/** A catalogue key. */
export type EndpointKey = keyof typeof ENDPOINTS;

/** Every catalogued endpoint with its key. */
export function allEndpoints(): Array<EndpointDef & { key: EndpointKey }> {
  return (Object.keys(ENDPOINTS) as EndpointKey[]).map((key) => ({ key, ...(ENDPOINTS[key] as EndpointDef) }));
}

/** `"GET /v2/workbooks/{workbookId}"`: how drift reports and logs name an endpoint. */
export function endpointLabel(e: Pick<EndpointDef, "method" | "path">): string {
  return `${e.method} ${e.path}`;
}

/**
 * Fills a template's `{name}` parameters, each URL-encoded (`:` in the colon verb route is
 * part of the template, not of a value). @throws TypeError when a parameter is missing.
 */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}
