/**
 * The client's newer methods against the emulator, in-process and over a loopback port: a
 * member's files, recents and favourites; connection sync; export and download (raw bytes,
 * polling on the emulator's own clock); and the retry rules of the two POSTs that start work.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { AbortedError, JobTimeoutError, NotFoundError, ServerError } from "../../src/errors.js";
import { ManualClock, createEmulator, type Emulator } from "../../src/emulator/index.js";

const EXPORT_MS = 2500;
const HOUR = 3600_000;

let emu: Emulator;
let clock: ManualClock;
let sleeps: number[];
let workbookId = "";
let elementId = "";
let connectionId = "";
let tablePath: string[] = [];

/** A client whose waits (back-off, polling) move the emulator's clock instead of real time. */
function newClient(listen: boolean): SigmaClient {
  return new SigmaClient({
    baseUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    ...(listen ? {} : { fetch: emu.fetch }),
    now: () => clock.now(),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
  });
}

const posts = (suffix: string): Record<string, number> => {
  const byRoute = emu.stats().byRoute;
  return byRoute[`POST ${suffix}`] ?? {};
};

describe.each(["in-process", "loopback port"] as const)("client's member files, sync and exports against the emulator (%s)", (transport) => {
  let client: SigmaClient;
  beforeAll(async () => {
    clock = new ManualClock();
    emu = await createEmulator({ size: "tiny", seed: 3, log: () => {}, listen: transport === "loopback port", clock, exportTimeMs: EXPORT_MS, tokenTtlSeconds: 7 * 86_400 });
    client = newClient(transport === "loopback port");
    for await (const w of client.workbooks.list()) {
      const [q] = await client.workbooks.queries(w.workbookId).toArray();
      if (q) {
        workbookId = w.workbookId;
        elementId = q.elementId;
        break;
      }
    }
    const [path] = (await client.connections.paths().toArray()).filter((p) => p.path?.length === 3);
    connectionId = path?.connectionId ?? "";
    tablePath = path?.path ?? [];
    expect(elementId).not.toBe("");
    expect(tablePath).toHaveLength(3);
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.control.reset();
    emu.control.setFaults("none");
    sleeps = [];
  });

  it("lists a member's files, recents and favourites", async () => {
    const me = await client.whoami();
    const mine = await client.members.files(me.userId).toArray();
    // The API caller's own member files are what /v2/files shows it.
    expect(mine.map((f) => f.id)).toEqual((await client.files.list().toArray()).map((f) => f.id));
    expect(await client.members.files(me.userId, { typeFilters: "table" }).toArray()).not.toHaveLength(0);
    let recents = 0;
    for (const m of (await client.members.list().toArray()).slice(0, 5)) {
      const rec = await client.members.recentFiles(m.memberId, { includeExplorations: false }).toArray();
      recents += rec.length;
      for (const r of rec) expect(r.lastInteractionAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      const sorted = [...rec].sort((a, b) => ((b.lastInteractionAt ?? "") < (a.lastInteractionAt ?? "") ? -1 : 1));
      expect(rec).toEqual(sorted);
      const favs = client.members.favoriteFiles(m.memberId);
      await favs.toArray();
      expect(favs.summary?.complete).toBe(true);
    }
    expect(recents).toBeGreaterThan(0);
    await expect(client.members.files("no-such-member").toArray()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("syncs a connection (whole and by path) and the emulator counts it", async () => {
    await client.connections.sync(connectionId);
    await client.connections.sync(connectionId, { path: tablePath.map((s) => s.toLowerCase()), useServiceAccount: true });
    expect(emu.stats().connectionSyncs).toEqual([
      expect.objectContaining({ connectionId, path: [], count: 1, serviceAccount: 0 }),
      expect.objectContaining({ connectionId, path: tablePath, count: 1, serviceAccount: 1 }),
    ]);
    await expect(client.connections.sync(connectionId, { path: ["NOPE"] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("exports and downloads CSV bytes, polling with growing waits on the emulator's clock", async () => {
    const file = await client.workbooks.exportAndDownload(workbookId, { elementId, format: { type: "csv" }, rowLimit: 4 }, { pollIntervalMs: 1000 });
    expect(file.contentType).toMatch(/^text\/csv/);
    const text = new TextDecoder().decode(file.body);
    expect(text.trimEnd().split("\r\n")).toHaveLength(5);
    // 0 ms: 204; waits 1000 and 1500 reach the 2500 ms export.
    expect(sleeps).toEqual([1000, 1500]);
    expect(emu.stats().byRoute["GET /v2/query/{queryId}/download"]).toEqual({ "204": 2, "200": 1 });
    // The same queryId downloads the same bytes again within the hour, then expires.
    expect(await client.queries.download(file.queryId)).toEqual({ status: "ready", body: file.body, contentType: file.contentType });
    clock.advance(HOUR);
    const err = await client.queries.download(file.queryId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).apiMessage).toMatch(/^The query download has expired/);
  });

  it("reports pending, times out with the queryId, and stops on abort", async () => {
    const { queryId } = await client.workbooks.export(workbookId, { elementId, format: { type: "csv" } });
    expect(await client.queries.download(queryId)).toEqual({ status: "pending" });
    const late = await client.workbooks
      .exportAndDownload(workbookId, { elementId, format: { type: "csv" } }, { pollIntervalMs: 500, maxPollIntervalMs: 500, timeoutMs: 1200 })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(JobTimeoutError);
    expect((late as Error).message).toMatch(/client\.queries\.download\("[0-9a-f-]{36}"\)/);
    expect(sleeps).toEqual([500, 500]);
    const ac = new AbortController();
    ac.abort();
    await expect(client.workbooks.exportAndDownload(workbookId, { elementId, format: { type: "csv" } }, { signal: ac.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it("never replays an export after a 5xx (retries it after a 429); replays a sync and the download after a 5xx (the catalogue's rules)", async () => {
    const exportRoute = "/v2/workbooks/{workbookId}/export";
    emu.control.setFaults(`503@/v2/workbooks/${workbookId}/export=#1`);
    await expect(client.workbooks.export(workbookId, { elementId, format: { type: "csv" } })).rejects.toBeInstanceOf(ServerError);
    expect(posts(exportRoute)).toEqual({ "503": 1 });
    emu.control.setFaults(`429@/v2/workbooks/${workbookId}/export=#1,retry-after=0`);
    const { queryId } = await client.workbooks.export(workbookId, { elementId, format: { type: "csv" } });
    expect(posts(exportRoute)).toEqual({ "503": 1, "429": 1, "200": 1 });
    expect(emu.stats().exportsStarted).toBe(1);

    const syncRoute = "/v2/connections/{connectionId}/sync";
    // Re-reading a schema twice is harmless: a sync is replayed like a read (ENDPOINTS.syncConnection.retry).
    emu.control.setFaults(`502@/v2/connections/${connectionId}/sync=#1`);
    await client.connections.sync(connectionId);
    emu.control.setFaults(`429@/v2/connections/${connectionId}/sync=#1,retry-after=0`);
    await client.connections.sync(connectionId);
    expect(posts(syncRoute)).toEqual({ "502": 1, "429": 1, "200": 2 });
    expect(emu.stats().connectionSyncs).toEqual([expect.objectContaining({ count: 2 })]);

    clock.advance(EXPORT_MS);
    emu.control.setFaults(`503@/v2/query/${queryId}/download=#1`);
    expect((await client.queries.download(queryId)).status).toBe("ready");
    expect(emu.stats().byRoute["GET /v2/query/{queryId}/download"]).toEqual({ "503": 1, "200": 1 });
  });
});
