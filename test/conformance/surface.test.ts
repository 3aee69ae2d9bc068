/**
 * The newer surface against Sigma's OpenAPI document: a member's files, recents and favourites;
 * connection sync; workbook export and query download. The download's documented JSON union is
 * a spec-generator artefact (sigma-api-facts §5.12), so its status behaviour is checked instead:
 * 204 without a body while running, 200 text/csv when ready, 404 with Sigma's message after
 * the validity window.
 */
import { expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/clock.js";
import { ConnectionPathEntrySchema, MemberSchema, RecentFileSchema, SigmaFileSchema, WorkbookExportStartedSchema } from "../../src/schemas/index.js";
import { describeWithOpenApi } from "../helpers/openapi.js";
import { Conformance, SIZES, seg } from "./support.js";

const EXPORT_MS = 1500;
const HOUR = 3600_000;
const EXPIRED = "The query download has expired. For security & privacy reasons, the Exports are retained for one hour.";

describeWithOpenApi.each(SIZES)("member files, connection sync, export and download conform (%s org)", (size) => {
  const clock = new ManualClock();
  // A day-long token: the test moves the clock past the export's hour.
  const c = Conformance.forSuite(size, { clock, exportTimeMs: EXPORT_MS, tokenTtlSeconds: 86_400 });

  it("lists every member's files, recents and favourites in the document's shapes", async () => {
    const members = (await c.walk("/v2.1/members?includeArchived=true&includeInactive=true", "page", 1000, MemberSchema)) as Array<{ memberId: string }>;
    expect(members.length).toBeGreaterThan(3);
    let recents = 0;
    for (const m of members.slice(0, 6)) {
      const base = `/v2/members/${seg(m.memberId)}/files`;
      await c.walkBoth(base, "page", SigmaFileSchema);
      await c.walkBoth(`${base}?typeFilters=table`, "page", SigmaFileSchema);
      const rec = (await c.walkBoth(`${base}/recents`, "page", RecentFileSchema)) as Array<{ lastInteractionAt?: string }>;
      recents += rec.length;
      for (const r of rec) if (typeof r.lastInteractionAt !== "string") c.mismatches.push(`${base}/recents: an entry without lastInteractionAt`);
      await c.walkBoth(`${base}/recents?includeExplorations=true`, "page", RecentFileSchema);
      await c.walkBoth(`${base}/favorites`, "page", SigmaFileSchema);
    }
    expect(recents).toBeGreaterThan(0);
    c.expectError("GET", "/v2/members/nope/files", await c.call("GET", "/v2/members/nope/files"), 404);
    c.expectError("GET", "/v2/members/nope/files/recents", await c.call("GET", "/v2/members/nope/files/recents"), 404);
    c.expectError("GET", "/v2/members/nope/files/favorites", await c.call("GET", "/v2/members/nope/files/favorites"), 404);
    const caller = members[0]?.memberId ?? "";
    const bad = `/v2/members/${seg(caller)}/files/recents?includeExplorations=yes`;
    c.expectError("GET", bad, await c.call("GET", bad), 400);
    c.assertClean(40);
  });

  it("syncs a whole connection and a path, counting each in the stats", async () => {
    const [entry] = (await c.walk("/v2/connections/paths", "page", 1, ConnectionPathEntrySchema)) as Array<{ connectionId: string; path: string[] }>;
    if (!entry) throw new Error("no connection paths");
    const p = `/v2/connections/${seg(entry.connectionId)}/sync`;
    c.expectValid("POST", p, await c.call("POST", p, { path: [] }));
    c.expectValid("POST", `${p}?useServiceAccount=true`, await c.call("POST", `${p}?useServiceAccount=true`, { path: entry.path }));
    c.expectValid("POST", p, await c.call("POST", p, { path: entry.path }));
    c.expectError("POST", p, await c.call("POST", p, { path: ["NO_SUCH_DATABASE"] }), 404);
    c.expectError("POST", p, await c.call("POST", p, {}), 400);
    c.expectError("POST", p, await c.call("POST", p, { path: "DB.SCHEMA" }), 400);
    c.expectError("POST", "/v2/connections/nope/sync", await c.call("POST", "/v2/connections/nope/sync", { path: [] }), 404);
    expect(c.emu.stats().connectionSyncs).toEqual([
      { connectionId: entry.connectionId, path: [], count: 1, serviceAccount: 0, lastSyncAt: expect.any(String) },
      { connectionId: entry.connectionId, path: entry.path, count: 2, serviceAccount: 1, lastSyncAt: expect.any(String) },
    ]);
    c.assertClean(10);
  });

  it("exports an element as CSV: 204 while running, 200 text/csv, 404 with Sigma's message once expired", async () => {
    const { workbookId, elementId } = await exportableElement(c);
    const p = `/v2/workbooks/${seg(workbookId)}/export`;
    const started = await c.call("POST", p, { elementId, format: { type: "csv" } });
    c.expectValid("POST", p, started, WorkbookExportStartedSchema);
    const queryId = (started.body as { queryId: string }).queryId;
    const d = `/v2/query/${seg(queryId)}/download`;
    expect(c.api.findOperation("GET", d)?.operationId).toBe("downloadQuery");

    const pending = await c.call("GET", d);
    expect(pending.status).toBe(204);
    expect(pending.body).toBe("");
    clock.advance(EXPORT_MS);
    const ready = await c.call("GET", d);
    expect(ready.status).toBe(200);
    expect(ready.contentType).toMatch(/^text\/csv/);
    const lines = (ready.body as string).trimEnd().split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    const columns = await c.walk(`/v2/workbooks/${seg(workbookId)}/elements/${seg(elementId)}/columns`, "page", 1000);
    expect(lines[0]?.split(",").length).toBeGreaterThanOrEqual(columns.length);
    // The same export again gives the same bytes (seeded rows).
    expect((await c.call("GET", d)).body).toBe(ready.body);

    clock.advance(HOUR);
    const expired = await c.call("GET", d);
    c.expectError("GET", d, expired, 404);
    expect((expired.body as { message?: string }).message).toBe(EXPIRED);
    c.expectError("GET", "/v2/query/nope/download", await c.call("GET", "/v2/query/nope/download"), 404);
    c.assertClean(3);
  });

  it("honours resultsValidityTimeMs, rowLimit and offset, and refuses what it does not implement", async () => {
    const { workbookId, elementId } = await exportableElement(c);
    const p = `/v2/workbooks/${seg(workbookId)}/export`;
    const all = await c.call("POST", p, { elementId, format: { type: "csv" }, resultsValidityTimeMs: 3 * HOUR });
    c.expectValid("POST", p, all, WorkbookExportStartedSchema);
    const slice = await c.call("POST", p, { elementId, format: { type: "csv" }, offset: 2, rowLimit: 3 });
    c.expectValid("POST", p, slice, WorkbookExportStartedSchema);
    clock.advance(EXPORT_MS + 2 * HOUR);
    const full = await c.call("GET", `/v2/query/${seg((all.body as { queryId: string }).queryId)}/download`);
    expect(full.status, "still valid after 2 h with resultsValidityTimeMs = 3 h").toBe(200);
    c.expectError("GET", "expired slice", await c.call("GET", `/v2/query/${seg((slice.body as { queryId: string }).queryId)}/download`), 404);
    // Row i of the slice is row offset+i of the full export.
    const fullLines = (full.body as string).trimEnd().split("\r\n");
    const again = await c.call("POST", p, { elementId, format: { type: "csv" }, offset: 2, rowLimit: 3 });
    clock.advance(EXPORT_MS);
    const sliced = (await c.call("GET", `/v2/query/${seg((again.body as { queryId: string }).queryId)}/download`)).body as string;
    expect(sliced.trimEnd().split("\r\n")).toEqual([fullLines[0], ...fullLines.slice(3, 6)]);

    for (const body of [
      { elementId, format: { type: "xlsx" } },
      { elementId, format: { type: "csv" }, resultsValidityTimeMs: 7 * HOUR },
      { elementId, format: { type: "csv" }, rowLimit: 0 },
      { elementId, format: { type: "nope" } },
      { elementId },
      { pageId: "p", format: { type: "pdf", layout: "portrait" } },
      { format: { type: "xlsx" } },
    ]) {
      c.expectError("POST", `${p} ${JSON.stringify(body)}`, await c.call("POST", p, body), 400);
    }
    c.expectError("POST", p, await c.call("POST", p, { elementId: "nope", format: { type: "csv" } }), 404);
    c.assertClean(10);
  });
});

/** A workbook element that has data (columns and a query). */
async function exportableElement(c: Conformance): Promise<{ workbookId: string; elementId: string }> {
  const workbooks = (await c.walk("/v2/workbooks", "page", 1000)) as Array<{ workbookId: string }>;
  for (const w of workbooks) {
    const queries = (await c.walk(`/v2/workbooks/${seg(w.workbookId)}/queries`, "page", 1000)) as Array<{ elementId: string }>;
    const el = queries[0];
    if (el) return { workbookId: w.workbookId, elementId: el.elementId };
  }
  throw new Error("no workbook element with data");
}
