/** The three list behaviours: page/limit envelopes, pageToken/pageSize, and legacy /v2 lists. */
import { describe, expect, it } from "vitest";
import { ID, api, fixtureEmulator, tokenFor, type Json } from "./fixture.js";

async function setup(options: Parameters<typeof fixtureEmulator>[0] = {}) {
  const emu = await fixtureEmulator(options);
  const token = await tokenFor(emu);
  return { get: (path: string) => api(emu, token, path) };
}

describe("page/limit lists", () => {
  it("defaults to 50 per page with decimal-offset nextPage and total", async () => {
    const { get } = await setup();
    const base = `/v2/workbooks/${ID.wb2}/columns`;
    const p1 = await get(base);
    expect(p1.body.entries).toHaveLength(50);
    expect(p1.body).toMatchObject({ nextPage: "50", total: 120 });
    // Per Sigma's document this list has no hasMore.
    expect(p1.body).not.toHaveProperty("hasMore");
    const p2 = await get(`${base}?page=50`);
    expect(p2.body.entries[0].columnId).toBe("c50");
    expect(p2.body.nextPage).toBe("100");
    const p3 = await get(`${base}?page=100`);
    expect(p3.body.entries).toHaveLength(20);
    expect(p3.body.nextPage).toBeNull();
  });

  it("walks every entry exactly once by following nextPage", async () => {
    const { get } = await setup();
    const seen: string[] = [];
    let page: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res: Json = await get(`/v2.1/workbooks/${ID.wb2}/materialization-schedules?limit=7${page ? `&page=${page}` : ""}`);
      seen.push(...res.body.entries.map((e: Json) => e.sheetId));
      page = res.body.nextPage;
      if (page === null) break;
    }
    expect(page).toBeNull();
    expect(new Set(seen).size).toBe(60);
    expect(seen).toHaveLength(60);
  });

  it("includes hasMore where the document lists it, and clamps limit to 1000", async () => {
    const { get } = await setup();
    const wb = await get("/v2/workbooks?limit=1");
    expect(wb.body).toMatchObject({ nextPage: "1", total: 2, hasMore: true });
    const last = await get("/v2/workbooks?limit=1&page=1");
    expect(last.body).toMatchObject({ nextPage: null, hasMore: false });
    const big = await get(`/v2/workbooks/${ID.wb2}/columns?limit=5000`);
    expect(big.status).toBe(200);
    expect(big.body.entries).toHaveLength(120);
    expect(big.body.nextPage).toBeNull();
  });

  it("answers 400 invalid_request for a bad limit or page", async () => {
    const { get } = await setup();
    for (const q of ["limit=abc", "limit=0", "limit=-5", "limit=2.5", "page=abc", "page=-1"]) {
      const res = await get(`/v2/workbooks?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body).toMatchObject({ code: "invalid_request", requestId: expect.any(String) });
    }
  });
});

describe("pageToken/pageSize lists", () => {
  it("returns nextPageToken until the last page, where it is absent", async () => {
    const { get } = await setup();
    const p1 = await get(`/v2/dataModels/${ID.dm}/sources?pageSize=2`);
    expect(p1.body.entries).toHaveLength(2);
    expect(typeof p1.body.nextPageToken).toBe("string");
    const p2 = await get(`/v2/dataModels/${ID.dm}/sources?pageSize=2&pageToken=${encodeURIComponent(p1.body.nextPageToken)}`);
    expect(p2.body.entries).toHaveLength(1);
    expect(p2.body).not.toHaveProperty("nextPageToken");
    expect((await get(`/v2/connections/tables/${ID.table1}/columns`)).body).toEqual({ entries: expect.any(Array) });
  });

  it("refuses a token it did not issue", async () => {
    const { get } = await setup();
    const res = await get(`/v2/dataModels/${ID.dm}/sources?pageToken=garbage`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_request");
  });
});

describe("legacy /v2 lists", () => {
  it("paginate with the default page size when limit is absent (after 2026-06-02, the default)", async () => {
    const { get } = await setup();
    const members = await get("/v2/members");
    expect(members.body).toEqual({ entries: expect.any(Array), nextPage: null });
    expect(members.body.entries.map((m: Json) => m.memberId)).toEqual(["M_CALLER", "M_BOB"]);
    const schedules = await get(`/v2/workbooks/${ID.wb2}/materialization-schedules`);
    expect(schedules.body.entries).toHaveLength(50);
    expect(schedules.body.nextPage).toBe("50");
  });

  it("answer a bare array (or {entries} for materialization schedules) in legacyLists: array mode", async () => {
    const { get } = await setup({ legacyLists: "array" });
    for (const path of ["/v2/members", "/v2/teams", "/v2/workspaces"]) {
      const res = await get(path);
      expect(Array.isArray(res.body), path).toBe(true);
    }
    const schedules = await get(`/v2/workbooks/${ID.wb2}/materialization-schedules`);
    expect(Object.keys(schedules.body)).toEqual(["entries"]);
    expect(schedules.body.entries).toHaveLength(60);
    const withLimit = await get("/v2/members?limit=1");
    expect(withLimit.body).toEqual({ entries: [expect.objectContaining({ memberId: "M_CALLER" })], nextPage: "1" });
  });

  it("have /v2.1 twins that always paginate with total and hasMore", async () => {
    const { get } = await setup({ legacyLists: "array" });
    for (const path of ["/v2.1/members", "/v2.1/teams", "/v2.1/workspaces", `/v2.1/workbooks/${ID.wb1}/materialization-schedules`]) {
      const res = await get(path);
      expect(res.body, path).toMatchObject({ entries: expect.any(Array), nextPage: null, total: expect.any(Number), hasMore: false });
    }
  });
});
