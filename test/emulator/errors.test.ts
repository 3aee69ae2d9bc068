/**
 * Error envelopes across the whole route table: every non-2xx from a Sigma route is JSON
 * `{code, message, requestId}` with content-type application/json: missing tokens, unknown or
 * malformed ids, malformed bodies, bad query values, wrong methods and unknown paths.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { apiRoutes } from "../../src/emulator/routes/index.js";
import { ID, fixtureEmulator, tokenFor } from "./fixture.js";

let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await fixtureEmulator();
  token = await tokenFor(emu);
});

/** Sends a request; asserts the Sigma error envelope and returns status, code and headers. */
async function expectError(method: string, path: string, init: { auth?: boolean; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.auth !== false) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = init.type ?? "application/json";
  const res = await emu.fetch(path, { method, headers, body: init.body });
  const what = `${method} ${path}`;
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.headers.get("content-type"), what).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort(), what).toEqual(["code", "message", "requestId"]);
  expect(body, what).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String), requestId: expect.any(String) });
  return { status: res.status, code: body.code as string, headers: res.headers };
}

/** A route template with every parameter filled by `fill(name)`. */
function fillTemplate(template: string, fill: (name: string) => string): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => encodeURIComponent(fill(name)));
}

/** Real fixture ids, so a route reaches its own checks (bodies, queries) rather than a 404. */
const REAL: Record<string, string> = {
  workbookId: ID.wb1,
  pageId: "p1",
  elementId: "e1",
  materializationId: "nope",
  dataModelId: ID.dm,
  datasetId: ID.dsOk,
  memberId: "M_CALLER",
  teamId: ID.team,
  workspaceId: ID.ws1,
  inodeId: ID.table1,
  connectionId: ID.conn,
  tableId: ID.table1,
};

describe("error envelopes on every route", () => {
  it("401 unauthorized without a token on every authenticated route", async () => {
    let n = 0;
    for (const r of apiRoutes.filter((x) => x.auth)) {
      const e = await expectError(r.method, fillTemplate(r.template, (name) => REAL[name] ?? "x"), { auth: false, body: r.method === "GET" ? undefined : "{}" });
      expect(e, r.template).toMatchObject({ status: 401, code: "unauthorized" });
      n++;
    }
    expect(n).toBeGreaterThan(40);
  });

  it("400 or 404 for ids that do not exist, 400 for malformed workbook ids", async () => {
    for (const r of apiRoutes.filter((x) => x.auth && x.template.includes("{"))) {
      const e = await expectError(r.method, fillTemplate(r.template, () => "nope"), { body: r.method === "GET" ? undefined : '{"sheetId": "s", "path": ["A"]}' });
      expect([400, 404], r.template).toContain(e.status);
      if (r.template.includes("{workbookId}")) expect(e.status, r.template).toBe(400);
    }
  });

  it("400 invalid_request for a malformed JSON body on every POST route", async () => {
    const posts = apiRoutes.filter((x) => x.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const r of posts) {
      const e = await expectError("POST", fillTemplate(r.template, (name) => REAL[name] ?? "x"), { body: '{"sheetId": ' });
      expect(e, r.template).toMatchObject({ status: 400, code: "invalid_request" });
    }
  });

  it("400 invalid_request for bad paging values and bad boolean flags", async () => {
    const bad = [
      "/v2/workbooks?limit=abc",
      "/v2/workbooks?limit=0",
      "/v2/workbooks?page=-5",
      "/v2/files?page=1e3",
      "/v2.1/members?limit=2.5",
      `/v2/dataModels/${ID.dm}/sources?pageToken=garbage`,
      `/v2/dataModels/${ID.dm}/sources?pageSize=-1`,
      `/v2/connections/tables/${ID.table1}/columns?pageToken=%00`,
      "/v2/workbooks?isArchived=yes",
      "/v2/connections?includeArchived=1",
      "/v2/files?directChildFilter=maybe",
      "/v2/files?permissionFilter=owner",
      "/v2.1/teams?visibility=hidden",
    ];
    for (const path of bad) expect(await expectError("GET", path), path).toMatchObject({ status: 400, code: "invalid_request" });
  });

  it("403 forbidden, 409 inode_archived and the 500 of 'no lineage' are envelopes too", async () => {
    expect(await expectError("GET", `/v2/workbooks/${ID.hidden}`)).toMatchObject({ status: 403, code: "forbidden" });
    expect(await expectError("GET", `/v2/datasets/${ID.dsArchived}/sources`)).toMatchObject({ status: 409, code: "inode_archived" });
    expect(await expectError("GET", `/v2/workbooks/${ID.wb1}/lineage/elements/e2`)).toMatchObject({ status: 500, code: "service_error" });
  });

  it("unknown paths and known paths with another method: 404 with errorcause: UnmatchedHandler", async () => {
    // Sigma routes on method + path: a method it does not serve on a path is an unmatched handler too.
    const cases: Array<[string, string]> = [
      ["GET", "/v2/nothing"],
      ["GET", "/v3/workbooks"],
      ["DELETE", `/v2/workbooks/${ID.wb1}`],
      ["PATCH", `/v2/files/${ID.wb1}`],
      ["POST", "/v2/workbooks"],
      ["GET", "/v2/auth/token"],
      ["PUT", "/v2/whoami"],
      ["GET", "/v2/workbooks/%E0%A4%A"],
    ];
    for (const [method, path] of cases) {
      const e = await expectError(method, path, { body: method === "GET" ? undefined : "{}" });
      expect(e.status, `${method} ${path}`).toBe(404);
      expect(e.headers.get("errorcause"), `${method} ${path}`).toBe("UnmatchedHandler");
    }
  });

  it("control routes answer the same envelope", async () => {
    expect((await expectError("GET", "/__emulator/nothing", { auth: false })).status).toBe(404);
    expect((await expectError("POST", "/__emulator/faults", { auth: false, body: "{bad" })).status).toBe(400);
    expect((await expectError("POST", "/__emulator/mutate", { auth: false, body: '{"workbooks": -1}' })).status).toBe(400);
  });
});
