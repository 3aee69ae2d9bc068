/**
 * Every resource method against the emulator, in-process and over a real loopback port:
 * paths, paging styles and schemas agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";

let emu: Emulator;
let client: SigmaClient;


/** Collects a list and checks it ended cleanly. */
async function all<T>(list: { toArray(): Promise<T[]>; summary?: { complete: boolean; warnings: string[] } | undefined }): Promise<T[]> {
  const items = await list.toArray();
  expect(list.summary?.warnings).toEqual([]);
  expect(list.summary?.complete).toBe(true);
  return items;
}

describe.each(["in-process", "loopback port"] as const)("client against the emulator (%s)", (transport) => {
  beforeAll(async () => {
    const listen = transport === "loopback port";
    emu = await createEmulator({ size: "tiny", seed: 3, log: () => {}, listen });
    // Over the port the client uses the global fetch (undici) and a real socket.
    const fetch = listen ? undefined : emu.fetch;
    client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, ...(fetch ? { fetch } : {}) });
    if (listen) expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
  afterAll(async () => {
    await emu.close();
  });

  it("reads workbooks and their parts", async () => {
    expect(await client.whoami()).toHaveProperty("organizationId");
    const workbooks = await all(client.workbooks.list());
    expect(workbooks.length).toBeGreaterThan(0);
    const wb = workbooks[0]?.workbookId ?? "";
    expect((await client.workbooks.get(wb)).workbookId).toBe(wb);
    const pages = await all(client.workbooks.pages(wb));
    await all(client.workbooks.pageElements(wb, pages[0]?.pageId ?? ""));
    const elements = await all(client.workbooks.elements(wb));
    const el = elements[0]?.elementId ?? "";
    await all(client.workbooks.columns(wb));
    await all(client.workbooks.elementColumns(wb, el));
    expect((await client.workbooks.elementQuery(wb, el)).elementId).toBe(el);
    await all(client.workbooks.queries(wb));
    await all(client.workbooks.lineage(wb));
    await client.workbooks.elementLineage(wb, el).catch((e: unknown) => expect((e as { status?: number }).status).toBe(500));
    expect(Array.isArray(await client.workbooks.sources(wb))).toBe(true);
  });

  it("triggers and reads materializations of workbooks, data models and datasets", async () => {
    let done = 0;
    for (const w of await all(client.workbooks.list())) {
      const [s] = await all(client.workbooks.materializationSchedules(w.workbookId));
      if (!s) continue;
      const { materializationId } = await client.workbooks.materialize(w.workbookId, s.sheetId);
      expect((await client.workbooks.getMaterialization(w.workbookId, materializationId)).materializationId).toBe(materializationId);
      done += 1;
      break;
    }
    for (const dm of await all(client.dataModels.list())) {
      await all(client.dataModels.elements(dm.dataModelId));
      await all(client.dataModels.columns(dm.dataModelId));
      await all(client.dataModels.lineage(dm.dataModelId));
      await all(client.dataModels.sources(dm.dataModelId));
      const [s] = await all(client.dataModels.materializationSchedules(dm.dataModelId));
      if (!s) continue;
      const { materializationId } = await client.dataModels.materialize(dm.dataModelId, s.sheetId);
      expect((await client.dataModels.getMaterialization(dm.dataModelId, materializationId)).status).toBeTypeOf("string");
      done += 1;
      break;
    }
    const [ds] = await all(client.datasets.list());
    if (ds) {
      expect((await client.datasets.get(ds.datasetId)).datasetId).toBe(ds.datasetId);
      await client.datasets.sources(ds.datasetId);
      expect((await client.datasets.materialize(ds.datasetId)).taskId).toBeTypeOf("string");
      await all(client.datasets.materializationHistory(ds.datasetId));
    }
    expect(done).toBe(2);
  });

  it("reads members, teams, workspaces, files and connections", async () => {
    const [m] = await all(client.members.list());
    expect((await client.members.get(m?.memberId ?? "")).memberId).toBe(m?.memberId);
    const [t] = await all(client.teams.list());
    if (t) await all(client.teams.members(t.teamId));
    await all(client.workspaces.list());
    const [f] = await all(client.files.list());
    if (f) expect((await client.files.get(f.id)).id).toBe(f.id);
    const [c] = await all(client.connections.list());
    expect((await client.connections.get(c?.connectionId ?? "")).connectionId).toBe(c?.connectionId);
    // Paths list databases and schemas too; pathOf answers only for tables (three segments).
    const p = (await all(client.connections.paths())).find((e) => e.path?.length === 3);
    if (p) {
      expect((await client.connections.pathOf(p.urlId)).path).toEqual(p.path);
      const found = await client.connections.lookup(p.connectionId ?? "", p.path ?? []);
      await all(client.connections.tableColumns(found.inodeId.replace(/^inode-/, "")));
    }
  });

  it("recovers from revoked tokens with one refresh", async () => {
    await client.whoami();
    const before = client.stats().tokenRefreshes;
    emu.control.revokeTokens();
    await client.whoami();
    expect(client.stats().tokenRefreshes).toBe(before + 1);
  });
});

describe("client against a rate-limited emulator", () => {
  it("rides out 429s with retries, never above the concurrency bound", async () => {
    const limited = await createEmulator({ size: "tiny", seed: 3, log: () => {}, maxInFlight: 2 });
    try {
      const c = new SigmaClient({
        baseUrl: limited.url,
        clientId: limited.clientId,
        clientSecret: limited.clientSecret,
        fetch: limited.fetch,
        concurrency: 8,
        // Short real waits: the 429 floor and the Retry-After cap are lowered for the test.
        retryPolicy: { baseDelayMs: 1, maxDelayMs: 10, rateLimitFloorMs: 5, maxRetryAfterMs: 10, maxRetries: 10 },
      });
      const wb = (await c.workbooks.list().toArray())[0]?.workbookId ?? "";
      const results = await Promise.all(Array.from({ length: 16 }, () => c.workbooks.get(wb)));
      expect(results.every((r) => r.workbookId === wb)).toBe(true);
      const s = c.stats();
      expect(s.peakInFlight).toBeLessThanOrEqual(8);
      expect(s.rateLimited).toBeGreaterThan(0);
      expect(s.retries).toBe(s.rateLimited);
    } finally {
      await limited.close();
    }
  });
});
