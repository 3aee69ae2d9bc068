/**
 * A small hand-made organisation for the emulator's HTTP tests, independent of the generator.
 * Ids are stable and readable; workbook ids are UUIDs (Sigma requires it).
 */
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import type { OrgProvider } from "../../src/emulator/org-provider.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { Org, WorkbookElementRecord, WorkbookRecord } from "../../src/emulator/org/types.js";

const T = "2026-01-02T03:04:05.678Z";
const stamp = { createdBy: "M_CALLER", updatedBy: "M_CALLER", createdAt: T, updatedAt: T };

/** Ids used by the tests. */
export const ID = {
  wb1: "11111111-1111-4111-8111-111111111111",
  wb2: "22222222-2222-4222-8222-222222222222",
  hidden: "33333333-3333-4333-8333-333333333333",
  archived: "44444444-4444-4444-8444-444444444444",
  dm: "dm-0000-aaaa",
  dsOk: "ds-ok",
  dsArchived: "ds-archived",
  conn: "conn-1",
  connArchived: "conn-2",
  table1: "tblInode0000000000001",
  table2: "tblInode0000000000002",
  ws1: "ws-1",
  ws2: "ws-2",
  folder: "folder-1",
  team: "team-1",
  sheetA: "sheetA",
  sheetB: "sheetB",
  sheetPaused: "sheetPaused",
  dmSheet: "dmSheet1",
} as const;

function element(id: string, pageId: string, type: string, lineage: WorkbookElementRecord["lineage"], withQuery = true): WorkbookElementRecord {
  return {
    element: { elementId: id, name: `Element ${id}`, type, columns: ["A", "B"] },
    pageId,
    columns: [
      { columnId: `${id}-c1`, label: "A", formula: null, type: { type: "text" } },
      { columnId: `${id}-c2`, label: "B", formula: "[A] + 1", type: { type: "number" } },
    ],
    ...(withQuery ? { query: { elementId: id, name: `Element ${id}`, sql: `select 1 -- ${id}` } } : {}),
    lineage,
  };
}

function workbook(id: string, name: string, extra: Partial<WorkbookRecord> = {}): WorkbookRecord {
  return {
    workbook: { workbookId: id, workbookUrlId: `url-${id.slice(0, 4)}`, name, url: `https://app.sigmacomputing.com/acme/workbook/url-${id.slice(0, 4)}`, path: "Sales", latestVersion: 3, ownerId: "M_CALLER", ...stamp },
    pages: [],
    elements: [],
    columns: [],
    lineage: [],
    sources: [],
    materializationSchedules: [],
    hiddenFromCaller: false,
    ...extra,
  };
}

function file(id: string, name: string, type: string, parentId: string, permission = "edit", extra: Record<string, unknown> = {}) {
  return { id, urlId: `u-${id}`, name, type, parentId, parentUrlId: `u-${parentId}`, permission, path: "Sales", badge: null, isArchived: false, ownerId: "M_CALLER", ...stamp, ...extra };
}

function schedule(sheetId: string, elementId: string, paused = false) {
  return { sheetId, elementId, elementName: `Element ${elementId}`, schedule: { cronSpec: "0 0 * * *", timezone: "UTC" }, configuredAt: T, paused };
}

/** Builds the fixture organisation. */
export function fixtureOrg(): Org {
  const lineageOk = { dependencies: { n1: { nodeId: "n1", type: "sheet", name: "S", elementId: "e1" } }, edges: [{ source: `inode-${ID.table1}`, target: "n1", type: "source" as const }] };
  const wb1 = workbook(ID.wb1, "Revenue", {
    pages: [{ pageId: "p1", name: "Overview" }, { pageId: "p2", name: "Details", hidden: true }],
    elements: [
      element("e1", "p1", "table", lineageOk),
      element("e2", "p1", "visualization", { error: 500 }),
      element("e3", "p2", "control", { error: 400 }, false),
      element("e4", "p2", "text", { error: 400 }, false),
    ],
    columns: [{ columnId: "e1-c1", name: "A", formula: "", type: { type: "text" }, elementId: "e1" }],
    lineage: [{ type: "element", elementId: "e1", sourceIds: [`inode-${ID.table1}`], dataSourceIds: null }],
    sources: [{ type: "table", inodeId: ID.table1 }],
    materializationSchedules: [schedule(ID.sheetA, "e1"), schedule(ID.sheetB, "e2"), schedule(ID.sheetPaused, "e1", true)],
  });
  wb1.workbook.tags = [{ versionTagId: "vt-prod", name: "Production", sourceWorkbookVersion: 2, taggedWorkbookId: "55555555-5555-4555-8555-555555555555", workbookTaggedAt: T }];
  const wb2 = workbook(ID.wb2, "Big", {
    columns: Array.from({ length: 120 }, (_, i) => ({ columnId: `c${i}`, name: `Col ${i}`, formula: "", type: { type: "text" }, elementId: "x" })),
    materializationSchedules: Array.from({ length: 60 }, (_, i) => schedule(`s${i}`, `x${i}`)),
  });
  const hidden = workbook(ID.hidden, "Secret", { hiddenFromCaller: true });
  const archived = workbook(ID.archived, "Old", {});
  archived.workbook.isArchived = true;
  const member = (memberId: string, email: string, extra: Record<string, unknown> = {}) => ({
    organizationId: "org-1", memberId, memberType: "admin", firstName: memberId, lastName: "Doe", email, profileImgUrl: null, homeFolderId: `home-${memberId}`, userKind: "internal", ...stamp, ...extra,
  });
  const dataset = (datasetId: string, sourcesArchived: boolean) => ({
    dataset: { datasetId, name: datasetId, description: "", url: `https://app.sigmacomputing.com/acme/b/${datasetId}`, owner: "M_CALLER", referenceCount: 1, path: "Sales", migrationToDataModel: null, migrationStatus: "not-migrated", ...stamp },
    sources: [{ type: "table", inodeId: ID.table1 }],
    materializationHistory: [{ status: "success", finishedAt: "2026-01-01T00:00:00.000Z", error: null, runtimeSecs: 12, numRows: 100, numBytes: 9600 }],
    sourcesArchived,
  });
  const table = (inodeId: string, path: string[]) => ({
    inodeId, urlId: `u-${inodeId}`, connectionId: ID.conn, path,
    columns: Array.from({ length: 3 }, (_, i) => ({ name: `COL_${i}`, type: { type: "text" }, visibility: "included" })),
  });
  const connection = (connectionId: string, isArchived: boolean) => ({
    organizationId: "org-1", connectionId, isSample: false, isAuditLog: false, lastActiveAt: T, name: `Snowflake ${connectionId}`, type: "snowflake", useOauth: false, isArchived, ...stamp,
  });
  return {
    seed: 1,
    size: "tiny",
    organizationId: "org-1",
    orgSlug: "acme",
    callerMemberId: "M_CALLER",
    rootFolderId: "root",
    accountTypes: [
      { accountTypeId: "at-admin", accountTypeName: "admin", description: "Administrators", isCustom: false },
      { accountTypeId: "at-viewer", accountTypeName: "viewer", description: "Viewers", isCustom: false },
      { accountTypeId: "at-ops", accountTypeName: "Ops Analyst", description: "Custom", isCustom: true },
    ],
    versionTags: [
      { versionTagId: "vt-prod", name: "Production", color: "grass", description: "Prod", ownerId: "M_CALLER", ...stamp },
      { versionTagId: "vt-stage", name: "Staging", color: "amber", description: "Stage", ownerId: "M_CALLER", ...stamp },
    ],
    rootFolderUrlId: "u-root",
    scopes: [
      { inodeId: "scopeDb", urlId: "scopeDb", connectionId: ID.conn, path: ["ANALYTICS"] },
      { inodeId: "scopeMarts", urlId: "scopeMarts", connectionId: ID.conn, path: ["ANALYTICS", "MARTS"] },
      { inodeId: "scopeRaw", urlId: "scopeRaw", connectionId: ID.conn, path: ["ANALYTICS", "RAW"] },
    ],
    members: [member("M_CALLER", "caller@acme.test"), member("M_BOB", "bob@acme.test", { memberType: "viewer" }), member("M_OLD", "old@acme.test", { isArchived: true }), member("M_GONE", "gone@acme.test", { isInactive: true })],
    teams: [{ team: { teamId: ID.team, name: "Analysts", description: null, visibility: "public", ...stamp }, members: [{ userId: "M_CALLER", isTeamAdmin: true, addedBy: "M_CALLER" }, { userId: "M_BOB", isTeamAdmin: false, addedBy: "M_CALLER" }] }],
    workspaces: [
      { workspaceId: ID.ws1, workspaceUrlId: "u-ws-1", name: "Sales", ...stamp },
      { workspaceId: ID.ws2, workspaceUrlId: "u-ws-2", name: "Sales Ops", ...stamp },
    ],
    files: [
      file(ID.ws1, "Sales", "workspace", "root"),
      file(ID.ws2, "Sales Ops", "workspace", "root", "view"),
      file(ID.folder, "Q1", "folder", ID.ws1),
      file(ID.wb1, "Revenue", "workbook", ID.folder),
      file(ID.wb2, "Big", "workbook", ID.ws1, "view"),
      file(ID.hidden, "Secret", "workbook", ID.ws1),
      file(ID.dm, "Model", "data-model", ID.ws1, "explore"),
      file(ID.dsOk, "Dataset", "dataset", ID.ws2),
      file(ID.table1, "ORDERS", "table", "scopeMarts", "view", { path: "Snowflake conn-1/ANALYTICS/MARTS", ownerId: null }),
      file(ID.table2, "EVENTS", "table", "scopeRaw", "view", { path: "Snowflake conn-1/ANALYTICS/RAW", ownerId: null }),
      file("arch-1", "Trash", "workbook", ID.ws1, "edit", { isArchived: true }),
    ],
    connections: [connection(ID.conn, false), connection(ID.connArchived, true)],
    tables: [table(ID.table1, ["ANALYTICS", "MARTS", "ORDERS"]), table(ID.table2, ["ANALYTICS", "RAW", "EVENTS"])],
    datasets: [dataset(ID.dsOk, false), dataset(ID.dsArchived, true)],
    dataModels: [
      {
        dataModel: {
          dataModelId: ID.dm, dataModelUrlId: "u-dm", name: "Model", url: "https://app.sigmacomputing.com/acme/data-model/dm", path: "Sales", latestVersion: 1, ownerId: "M_CALLER", ...stamp,
          tags: [{ versionTagId: "vt-prod", tagName: "Production", sourceVersion: 1, taggedAt: T }],
        },
        elements: [{ elementId: "dme1", name: "Orders", type: "table", columns: ["A"] }],
        columns: [{ columnId: "dmc1", name: "A", formula: "", type: { type: "text" }, elementId: "dme1" }],
        lineage: [],
        sources: Array.from({ length: 3 }, (_, i) => ({ type: "table", tableId: `t${i}` })),
        materializationSchedules: [schedule(ID.dmSheet, "dme1")],
      },
    ],
    workbooks: [wb1, wb2, hidden, archived],
  } as unknown as Org;
}

/** A provider over the fixture (truth = the workbooks' ids and versions only; mutation bumps latestVersion). */
export const fixtureProvider: OrgProvider = {
  generate: () => fixtureOrg(),
  truth: (org) => ({ workbooks: org.workbooks.map((w) => ({ workbookId: w.workbook.workbookId, latestVersion: w.workbook.latestVersion })) }) as unknown as Truth,
  mutateWorkbooks: (org, n) => {
    const changed = org.workbooks.filter((w) => !w.hiddenFromCaller).slice(0, n);
    for (const w of changed) w.workbook.latestVersion += 1;
    return changed.map((w) => w.workbook.workbookId);
  },
};

/** An emulator over the fixture (in-process unless `listen` is given). */
export function fixtureEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  // Strict bodies unless asked: the fixture's tests check exact lists (shapes have their own tests).
  return createEmulator({ org: fixtureOrg(), orgProvider: fixtureProvider, shape: "strict", ...options });
}

/** Exchanges the emulator's credentials for an access token (form body). */
export async function tokenFor(emu: Emulator): Promise<string> {
  const res = await emu.fetch(`${emu.url}/v2/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: emu.clientId, client_secret: emu.clientSecret }),
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Parsed JSON of a test response: tests index into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A request with a bearer token; returns status, headers and parsed JSON (or text). */
export async function api(emu: Emulator, token: string, path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  const res = await emu.fetch(`${emu.url}${path}`, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* keep text */
  }
  return { status: res.status, headers: res.headers, body };
}
