/** Sigma routes over the fixture org: shapes, filters and the 400/403/404/409/500 quirks. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { ID, api, fixtureEmulator, tokenFor, type Json } from "./fixture.js";

let emu: Emulator;
let token: string;
const get = (path: string, init?: RequestInit) => api(emu, token, path, init);
const ids = (body: Json, key: string) => body.entries.map((e: Json) => e[key]);

beforeAll(async () => {
  emu = await fixtureEmulator();
  token = await tokenFor(emu);
});

describe("workbooks", () => {
  it("lists visible, non-archived workbooks; admins can skip the permission check", async () => {
    expect(ids((await get("/v2/workbooks")).body, "workbookId")).toEqual([ID.wb1, ID.wb2]);
    expect(ids((await get("/v2/workbooks?skipPermissionCheck=true")).body, "workbookId")).toEqual([ID.wb1, ID.wb2, ID.hidden]);
    expect(ids((await get("/v2/workbooks?isArchived=true")).body, "workbookId")).toEqual([ID.archived]);
    expect((await get("/v2/workbooks?skipPermissionCheck=maybe")).status).toBe(400);
  });

  it("answers 403 for hidden workbooks, 404 for unknown ids and 400 for malformed ones", async () => {
    expect((await get(`/v2/workbooks/${ID.wb1}`)).body.name).toBe("Revenue");
    const hidden = await get(`/v2/workbooks/${ID.hidden}/pages`);
    expect(hidden.status).toBe(403);
    expect(hidden.body).toMatchObject({ code: "forbidden", requestId: expect.any(String) });
    const unknown = await get("/v2/workbooks/00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("not_found");
    expect(unknown.headers.get("errorcause")).toBeNull();
    expect((await get("/v2/workbooks/not-a-uuid")).status).toBe(400);
  });

  it("serves pages, page elements, elements, columns and SQL", async () => {
    expect((await get(`/v2/workbooks/${ID.wb1}/pages`)).body).toEqual({ entries: [{ pageId: "p1", name: "Overview" }, { pageId: "p2", name: "Details", hidden: true }], nextPage: null, total: 2 });
    expect(ids((await get(`/v2/workbooks/${ID.wb1}/pages/p2/elements`)).body, "elementId")).toEqual(["e3", "e4"]);
    expect((await get(`/v2/workbooks/${ID.wb1}/pages/nope/elements`)).status).toBe(404);
    expect(ids((await get(`/v2/workbooks/${ID.wb1}/elements`)).body, "elementId")).toEqual(["e1", "e2", "e3", "e4"]);
    const cols = await get(`/v2/workbooks/${ID.wb1}/elements/e1/columns`);
    expect(cols.body.entries[0]).toEqual({ columnId: "e1-c1", label: "A", formula: null, type: { type: "text" } });
    expect((await get(`/v2/workbooks/${ID.wb1}/elements/e1/query`)).body).toEqual({ elementId: "e1", name: "Element e1", sql: "select 1 -- e1" });
    expect((await get(`/v2/workbooks/${ID.wb1}/elements/e3/query`)).status).toBe(400);
    expect(ids((await get(`/v2/workbooks/${ID.wb1}/queries`)).body, "elementId")).toEqual(["e1", "e2"]);
    expect((await get(`/v2/workbooks/${ID.wb1}/lineage`)).body.entries[0].type).toBe("element");
    expect((await get(`/v2/workbooks/${ID.wb1}/sources`)).body).toEqual([{ type: "table", inodeId: ID.table1 }]);
  });

  it("element lineage: graph for data elements, 500 for no lineage, 400 for UI elements, 404 unknown", async () => {
    const ok = await get(`/v2/workbooks/${ID.wb1}/lineage/elements/e1`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(["dependencies", "edges"]);
    const none = await get(`/v2/workbooks/${ID.wb1}/lineage/elements/e2`);
    expect(none.status).toBe(500);
    expect(none.body).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    expect((await get(`/v2/workbooks/${ID.wb1}/lineage/elements/e3`)).status).toBe(400);
    expect((await get(`/v2/workbooks/${ID.wb1}/lineage/elements/e4`)).status).toBe(400);
    expect((await get(`/v2/workbooks/${ID.wb1}/lineage/elements/zz`)).status).toBe(404);
  });
});

describe("query parameters of the document", () => {
  it("workbooks: version tags by name or id, bookmarks (none exist: 404), boolean flags validated", async () => {
    const base = `/v2/workbooks/${ID.wb1}`;
    const plain = (await get(`${base}/pages`)).body;
    expect((await get(`${base}/pages?tag=Production`)).body).toEqual(plain);
    expect((await get(`${base}/pages?tag=vt-prod`)).status).toBe(200);
    expect((await get(`${base}/pages/p1/elements?tag=Production`)).status).toBe(200);
    expect((await get(`${base}/elements?tagName=Production`)).status).toBe(200);
    expect((await get(`${base}/elements/e1/query?tagName=Production&page=0&limit=10`)).status).toBe(200);
    for (const path of [`${base}/pages?tag=Staging`, `${base}/elements?tagName=Staging`, `${base}/elements/e1/query?tagName=Staging`, `/v2/workbooks/${ID.wb2}/pages?tag=Production`]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe("not_found");
    }
    expect((await get(`${base}/pages?bookmarkId=bm1`)).status).toBe(404);
    expect((await get(`${base}/elements/e1/query?bookmarkId=bm1`)).status).toBe(404);
    expect((await get(`${base}?includeTaggedSourceUrlId=true`)).body).not.toHaveProperty("taggedSourceUrlId");
    expect((await get(`${base}?includeTaggedSourceUrlId=yes`)).status).toBe(400);
    expect((await get("/v2/workbooks?excludeExplorations=true")).body.total).toBe(2);
    expect((await get("/v2/workbooks?excludeExplorations=1")).status).toBe(400);
    expect((await get("/v2/workbooks")).body.entries[0].tags).toHaveLength(1);
    expect((await get("/v2/workbooks?excludeTags=true")).body.entries[0]).not.toHaveProperty("tags");
  });

  it("data models: excludeTags on get, tagName on elements", async () => {
    expect((await get(`/v2/dataModels/${ID.dm}`)).body.tags).toHaveLength(1);
    expect((await get(`/v2/dataModels/${ID.dm}?excludeTags=true`)).body).not.toHaveProperty("tags");
    expect((await get(`/v2/dataModels?excludeTags=true`)).body.entries[0]).not.toHaveProperty("tags");
    expect((await get(`/v2/dataModels/${ID.dm}/elements?tagName=Production`)).status).toBe(200);
    expect((await get(`/v2/dataModels/${ID.dm}/elements?tagName=Nope`)).status).toBe(404);
  });

  it("members: includeInactive, and the document's deprecated search next to email", async () => {
    expect(ids((await get("/v2.1/members?includeInactive=true")).body, "memberId")).toEqual(["M_CALLER", "M_BOB", "M_GONE"]);
    expect(ids((await get("/v2.1/members")).body, "memberId")).toEqual(["M_CALLER", "M_BOB"]);
    expect(ids((await get("/v2/members?email=old%40acme.test&includeArchived=true")).body, "memberId")).toEqual(["M_OLD"]);
    expect((await get("/v2.1/members?includeInactive=maybe")).status).toBe(400);
  });

  it("teams: name, description and visibility filters", async () => {
    expect(ids((await get("/v2.1/teams?name=ANAL")).body, "teamId")).toEqual([ID.team]);
    expect(ids((await get("/v2.1/teams?visibility=private")).body, "teamId")).toEqual([]);
    expect(ids((await get("/v2/teams?visibility=public&limit=5")).body, "teamId")).toEqual([ID.team]);
    expect((await get("/v2.1/teams?visibility=secret")).status).toBe(400);
  });

  it("connections: search by name", async () => {
    expect(ids((await get("/v2/connections?search=CONN-1")).body, "connectionId")).toEqual([ID.conn]);
    expect(ids((await get("/v2/connections?search=conn-2")).body, "connectionId")).toEqual([]);
    expect(ids((await get("/v2/connections?search=conn-2&includeArchived=true")).body, "connectionId")).toEqual([ID.connArchived]);
  });
});

describe("data models and datasets", () => {
  it("serves data models and their elements, columns and lineage", async () => {
    expect((await get("/v2/dataModels")).body).toMatchObject({ total: 1, hasMore: false, nextPage: null });
    expect((await get(`/v2/dataModels/${ID.dm}`)).body.name).toBe("Model");
    expect(ids((await get(`/v2/dataModels/${ID.dm}/elements`)).body, "elementId")).toEqual(["dme1"]);
    expect(ids((await get(`/v2/dataModels/${ID.dm}/columns`)).body, "columnId")).toEqual(["dmc1"]);
    expect((await get(`/v2/dataModels/${ID.dm}/lineage`)).body).toEqual({ entries: [], nextPage: null, total: 0 });
    expect((await get("/v2/dataModels/nope")).status).toBe(404);
  });

  it("dataset sources: bare array, or 409 inode_archived when a source is archived", async () => {
    expect((await get(`/v2/datasets/${ID.dsOk}/sources`)).body).toEqual([{ type: "table", inodeId: ID.table1 }]);
    const archived = await get(`/v2/datasets/${ID.dsArchived}/sources`);
    expect(archived.status).toBe(409);
    expect(archived.body.code).toBe("inode_archived");
    expect((await get("/v2/datasets")).body.total).toBe(2);
  });
});

describe("files", () => {
  it("lists only workbooks, folders, data models, datasets and reports without typeFilters", async () => {
    const types = new Set((await get("/v2/files")).body.entries.map((f: Json) => f.type));
    expect([...types].sort()).toEqual(["data-model", "dataset", "folder", "workbook"]);
    const all = ids((await get("/v2/files?limit=1000")).body, "id");
    expect(all).not.toContain(ID.hidden); // hidden from the caller
    expect(all).not.toContain("arch-1"); // archived
  });

  it("applies typeFilters (one or many), name, permissionFilter, parentId and directChildFilter", async () => {
    expect(ids((await get("/v2/files?typeFilters=table")).body, "id")).toEqual([ID.table1, ID.table2]);
    // Several types (the document's array form) never list workspaces; the single type does.
    const many = ids((await get("/v2/files?typeFilters=workspace&typeFilters=data-model")).body, "id");
    expect(many).toEqual([ID.dm]);
    expect(ids((await get("/v2/files?typeFilters=workspace,data-model")).body, "id")).toEqual(many);
    expect(ids((await get("/v2/files?typeFilters=workspace")).body, "id")).toEqual([ID.ws1, ID.ws2]);
    expect((await get("/v2/files?typeFilters=spreadsheet")).status).toBe(400);
    expect(ids((await get("/v2/files?name=rev")).body, "id")).toEqual([ID.wb1]);
    expect(ids((await get("/v2/files?permissionFilter=edit")).body, "id")).toEqual([ID.folder, ID.wb1, ID.dsOk]);
    expect(ids((await get(`/v2/files?parentId=${ID.ws1}`)).body, "id")).toEqual([ID.folder, ID.wb1, ID.wb2, ID.dm]);
    expect(ids((await get(`/v2/files?parentId=${ID.ws1}&directChildFilter=true`)).body, "id")).toEqual([ID.folder, ID.wb2, ID.dm]);
    expect(ids((await get("/v2/files?directChildFilter=true&typeFilters=workspace")).body, "id")).toEqual([ID.ws1, ID.ws2]);
    expect(ids((await get("/v2/files?parentId=root&directChildFilter=true&typeFilters=workspace")).body, "id")).toEqual([ID.ws1, ID.ws2]);
    expect((await get("/v2/files?parentId=nope")).status).toBe(404);
  });

  it("lists tables under a database or schema inode; tables are never top-level", async () => {
    expect(ids((await get("/v2/files?typeFilters=table&parentId=scopeMarts")).body, "id")).toEqual([ID.table1]);
    expect(ids((await get("/v2/files?typeFilters=table&parentId=scopeMarts&directChildFilter=true")).body, "id")).toEqual([ID.table1]);
    expect(ids((await get("/v2/files?typeFilters=table&parentId=scopeDb")).body, "id")).toEqual([ID.table1, ID.table2]);
    expect(ids((await get("/v2/files?typeFilters=table&parentId=scopeDb&directChildFilter=true")).body, "id")).toEqual([]);
    expect(ids((await get("/v2/files?typeFilters=table&directChildFilter=true")).body, "id")).toEqual([]);
  });

  it("gets a file by id or urlId; 403 for a hidden workbook", async () => {
    expect((await get(`/v2/files/${ID.wb1}`)).body.name).toBe("Revenue");
    expect((await get(`/v2/files/u-${ID.wb1}`)).body.id).toBe(ID.wb1);
    expect((await get(`/v2/files/${ID.hidden}`)).status).toBe(403);
    expect((await get("/v2/files/nope")).status).toBe(404);
  });
});

describe("connections", () => {
  it("lists connections (archived only on request) and table paths", async () => {
    expect(ids((await get("/v2/connections")).body, "connectionId")).toEqual([ID.conn]);
    expect(ids((await get("/v2/connections?includeArchived=true")).body, "connectionId")).toEqual([ID.conn, ID.connArchived]);
    expect((await get(`/v2/connections/${ID.conn}`)).body.type).toBe("snowflake");
    // Databases, then each schema followed by its tables.
    const paths = await get(`/v2/connections/paths?connectionId=${ID.conn}`);
    expect(paths.body.entries).toEqual([
      { connectionId: ID.conn, urlId: "scopeDb", path: ["ANALYTICS"] },
      { connectionId: ID.conn, urlId: "scopeMarts", path: ["ANALYTICS", "MARTS"] },
      { connectionId: ID.conn, urlId: `u-${ID.table1}`, path: ["ANALYTICS", "MARTS", "ORDERS"] },
      { connectionId: ID.conn, urlId: "scopeRaw", path: ["ANALYTICS", "RAW"] },
      { connectionId: ID.conn, urlId: `u-${ID.table2}`, path: ["ANALYTICS", "RAW", "EVENTS"] },
    ]);
    expect(paths.body).toMatchObject({ total: 5, hasMore: false, nextPage: null });
    expect((await get(`/v2/connections/paths?connectionId=${ID.conn}&limit=2&page=2`)).body).toMatchObject({ nextPage: "4", total: 5, hasMore: true });
    expect((await get(`/v2/connections/paths?connectionId=${ID.connArchived}`)).body.entries).toEqual([]);
    expect((await get("/v2/connections/paths?connectionId=nope")).status).toBe(404);
    expect((await get(`/v2/connections/paths/${ID.table1}`)).body).toEqual({ connectionId: ID.conn, path: ["ANALYTICS", "MARTS", "ORDERS"] });
    expect((await get(`/v2/connections/paths/${ID.folder}`)).status).toBe(400);
    expect((await get("/v2/connections/paths/scopeMarts")).status).toBe(400);
    expect((await get("/v2/connections/paths/nope")).status).toBe(404);
  });

  it("looks up paths on the singular /v2/connection/{id}/lookup route", async () => {
    const post = (path: string, body: unknown) => get(path, { method: "POST", body: JSON.stringify(body) });
    const table = await post(`/v2/connection/${ID.conn}/lookup`, { path: ["analytics", "marts", "orders"] });
    expect(table.body).toEqual({ kind: "table", inodeId: ID.table1, url: `https://app.sigmacomputing.com/acme/t/${ID.table1}` });
    const scope = await post(`/v2/connection/${ID.conn}/lookup`, { path: ["ANALYTICS", "RAW"] });
    expect(scope.body).toEqual({ kind: "scope", inodeId: "scopeRaw", url: `https://app.sigmacomputing.com/acme/connection/${ID.conn}/ANALYTICS/RAW` });
    expect((await post(`/v2/connection/${ID.conn}/lookup`, { path: ["analytics"] })).body).toMatchObject({ kind: "scope", inodeId: "scopeDb" });
    expect((await post(`/v2/connection/${ID.conn}/lookup`, { path: ["NOPE"] })).status).toBe(404);
    expect((await post(`/v2/connection/${ID.conn}/lookup`, { path: "ANALYTICS.RAW" })).status).toBe(400);
    expect((await post("/v2/connection/nope/lookup", { path: ["A"] })).status).toBe(404);
    const plural = await post(`/v2/connections/${ID.conn}/lookup`, { path: ["A"] });
    expect(plural.status).toBe(404);
    expect(plural.headers.get("errorcause")).toBe("UnmatchedHandler");
  });
});

describe("members, teams, workspaces", () => {
  it("filters members by email and search; archived only on request", async () => {
    expect(ids((await get("/v2.1/members?email=BOB%40acme.test")).body, "memberId")).toEqual(["M_BOB"]);
    expect(ids((await get("/v2.1/members?search=caller")).body, "memberId")).toEqual(["M_CALLER"]);
    expect(ids((await get("/v2.1/members?includeArchived=true")).body, "memberId")).toEqual(["M_CALLER", "M_BOB", "M_OLD"]);
    expect((await get("/v2.1/members?email=a%40b&search=x")).status).toBe(400);
    expect((await get("/v2/members/M_BOB")).body.memberType).toBe("viewer");
    expect((await get("/v2/members/nobody")).status).toBe(404);
  });

  it("serves teams, team members and workspaces (name and exactName filters)", async () => {
    expect((await get(`/v2/teams/${ID.team}/members`)).body).toMatchObject({ total: 2, hasMore: false });
    expect((await get(`/v2/teams/${ID.team}`)).body.members).toEqual(["M_CALLER", "M_BOB"]);
    expect((await get("/v2/teams/nope/members")).status).toBe(404);
    expect(ids((await get("/v2.1/workspaces?name=sales")).body, "workspaceId")).toEqual([ID.ws1, ID.ws2]);
    expect(ids((await get("/v2.1/workspaces?name=ops&exactName=SALES")).body, "workspaceId")).toEqual([ID.ws1]);
  });
});

describe("account types and version tags", () => {
  it("lists account types (token paging), version tags (search) and a tag's workbooks", async () => {
    const first = await get("/v2/accountTypes?pageSize=2");
    expect(first.body.entries.map((a: Json) => a.accountTypeName)).toEqual(["admin", "viewer"]);
    const rest = await get(`/v2/accountTypes?pageSize=2&pageToken=${first.body.nextPageToken}`);
    expect(rest.body).toEqual({ entries: [{ accountTypeId: "at-ops", accountTypeName: "Ops Analyst", description: "Custom", isCustom: true }] });
    expect(ids((await get("/v2/tags")).body, "versionTagId")).toEqual(["vt-prod", "vt-stage"]);
    expect(ids((await get("/v2/tags?search=PROD")).body, "versionTagId")).toEqual(["vt-prod"]);
    expect(ids((await get("/v2/tags/vt-prod/workbooks")).body, "workbookId")).toEqual([ID.wb1]);
    expect((await get("/v2/tags/vt-stage/workbooks")).body).toMatchObject({ entries: [], total: 0 });
    expect((await get("/v2/tags/nope/workbooks")).status).toBe(404);
  });
});

describe("in-process fetch", () => {
  it("accepts absolute URLs on any host and bare paths", async () => {
    const headers = { authorization: `Bearer ${token}` };
    expect((await emu.fetch("http://other.host:1234/v2/whoami", { headers })).status).toBe(200);
    expect((await emu.fetch("/v2/whoami", { headers })).status).toBe(200);
    expect((await emu.fetch(new URL("/v2/whoami", emu.url), { headers, method: "HEAD" })).status).toBe(200);
  });
});

describe("unknown routes", () => {
  it("answer 404 with errorcause: UnmatchedHandler, also for a known path with another method", async () => {
    for (const [method, path] of [["GET", "/v2/nothing"], ["DELETE", `/v2/workbooks/${ID.wb1}`], ["GET", "/v3/workbooks"]] as const) {
      const res = await get(path, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("errorcause")).toBe("UnmatchedHandler");
      expect(res.body.code).toBe("not_found");
    }
  });
});
