/**
 * sigmactl serve end to end against the emulator (in-process): signed hooks → stored events →
 * plans → materializations in Sigma → the JSON API. Materializations take 0.2-0.5 s.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { PlannedSchedule } from "../../src/shared/refresh-plan.js";
import type { PlanLike } from "../../src/serve/planner.js";
import type { TablePlanner } from "../../src/serve/index.js";
import { DEFAULT_TABLE_PLANNER } from "../../src/serve/planner.js";
import { activeWorkbooks, getJson, startHarness, type ActiveDoc, type ServeHarness } from "./helpers.js";

interface EventDoc {
  id: number;
  status: string;
  tables: string[];
  detail: string | null;
  jobs: Array<{ status: string; documentId: string; sheetId: string; wave: number; materializationId: string | null; coalesced: boolean; triggeredAt: string | null; readyAt: string | null }>;
  graph: { nodes: Array<{ id: string }>; edges: unknown[] };
}

/** Triggers the emulator saw per schedule of `doc` (its stats key: `<kind>:<ownerId>/<sheetId>`). */
function triggersOf(h: ServeHarness, doc: ActiveDoc): number[] {
  const by = h.emu.stats().materializationsByTarget;
  const owner = "workbook" in doc.target ? `workbook:${doc.id}` : `dataModel:${doc.id}`;
  return doc.sheetIds.map((s) => by[`${owner}/${s}`] ?? 0);
}

describe("serve: generic hook with targets", () => {
  let h: ServeHarness;
  let wbs: ActiveDoc[];
  beforeAll(async () => {
    // A wide window: the 20-event burst must land inside it even on a loaded machine.
    h = await startHarness({ serve: { debounce: "1500ms" } });
    wbs = await activeWorkbooks(h.client);
    expect(wbs.length).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => h?.close());

  it("a signed delivery is stored before the 202, planned, run in Sigma, and /api/events/{id} shows every job ready", async () => {
    const wb = wbs[0]!;
    const res = await h.postGeneric({ source: "rivery", runId: "r-1", tables: [], targets: [wb.target] });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    // Durable intake: the row is in the file before the answer came back.
    const raw = new Database(h.dbPath, { readonly: true });
    expect(raw.prepare("SELECT source FROM events WHERE id = ?").get(id)).toEqual({ source: "rivery" });
    raw.close();
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${id}`)).jobs.some((j) => j.status === "ready"), "jobs ready");
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${id}`)).jobs.every((j) => j.status === "ready"), "all jobs ready");
    const doc = await getJson<EventDoc>(h, `/api/events/${id}`);
    expect(doc.status).toBe("planned");
    expect(doc.jobs.map((j) => j.sheetId).sort()).toEqual([...wb.sheetIds].sort());
    for (const j of doc.jobs) expect(j.materializationId).toBeTruthy();
    expect(triggersOf(h, wb)).toEqual(wb.sheetIds.map(() => 1));
    expect(doc.graph.nodes.length).toBe(wb.sheetIds.length + 1);
  });

  it("a bad signature gets 401 and leaves no row; a stale timestamp too", async () => {
    const before = (h.serve.store.db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    const bad = await h.postGeneric({ source: "x", runId: "bad-1", targets: [wbs[0]!.target] }, { secret: "not-the-right-secret-000000" });
    expect(bad.status).toBe(401);
    const stale = await h.postGeneric({ source: "x", runId: "bad-2", targets: [wbs[0]!.target] }, { timestamp: Date.now() / 1000 - 3600 });
    expect(stale.status).toBe(401);
    const missing = await fetch(`${h.serve.url}/hooks/generic`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    expect((h.serve.store.db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n).toBe(before);
    expect(await (await fetch(`${h.serve.url}/metrics`)).text()).toMatch(/sigmactl_serve_events_total\{source="generic",outcome="unauthorized"\} 3/);
  });

  it("the same delivery twice → acknowledged twice, one run", async () => {
    const wb = wbs[1]!;
    const body = { source: "rivery", runId: "dup-1", targets: [wb.target] };
    const a = await h.postGeneric(body);
    const b = await h.postGeneric(body);
    expect(a.status).toBe(202);
    expect(b.status).toBe(200);
    const ja = (await a.json()) as { id: number };
    const jb = (await b.json()) as { id: number; duplicate: boolean };
    expect(jb).toMatchObject({ id: ja.id, duplicate: true });
    // One read for both conditions: with two, the event could be unplanned at the first (no
    // jobs: every() is true) and planned, its job still queued, at the second.
    await h.until(async () => {
      const { jobs } = await getJson<EventDoc>(h, `/api/events/${ja.id}`);
      return jobs.length > 0 && jobs.every((j) => j.status === "ready");
    }, "dup run done");
    expect(triggersOf(h, wb)).toEqual(wb.sheetIds.map(() => 1));
  });

  it("20 events for overlapping documents within the debounce window → each schedule triggered once", async () => {
    const pick = wbs.slice(2, 5);
    const before = pick.map((w) => triggersOf(h, w));
    const ids: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const targets = [pick[i % pick.length]!, pick[(i + 1) % pick.length]!].map((w) => w.target);
        const res = await h.postGeneric({ source: "burst", runId: `burst-${i}`, targets });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as { id: number }).id);
      }),
    );
    await h.until(async () => {
      const docs = await Promise.all(ids.map((id) => getJson<EventDoc>(h, `/api/events/${id}`)));
      return docs.every((d) => d.jobs.length > 0 && d.jobs.every((j) => j.status === "ready"));
    }, "burst done");
    pick.forEach((w, i) => expect(triggersOf(h, w)).toEqual(before[i]!.map((n) => n + 1)));
    // One plan for the burst; an event that arrived after the window closed is attached to its jobs (coalesced), not run again.
    const docs = await Promise.all(ids.map((id) => getJson<{ runId: number | null; status: string }>(h, `/api/events/${id}`)));
    expect(new Set(docs.filter((d) => d.runId !== null).map((d) => d.runId)).size).toBe(1);
    for (const d of docs) expect(["planned", "coalesced"]).toContain(d.status);
  });

  it("an event for a schedule already running is attached to its job, not triggered again", async () => {
    const wb = wbs[0]!;
    const before = triggersOf(h, wb);
    const first = (await (await h.postGeneric({ source: "a", runId: "co-1", targets: [wb.target] })).json()) as { id: number };
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${first.id}`)).jobs.some((j) => j.materializationId !== null), "first triggered");
    const second = (await (await h.postGeneric({ source: "b", runId: "co-2", targets: [wb.target] })).json()) as { id: number };
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${second.id}`)).status !== "queued", "second planned");
    const doc = await getJson<EventDoc>(h, `/api/events/${second.id}`);
    // Jobs that had ended before the second event was planned are run again; the others are shared.
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${second.id}`)).jobs.every((j) => j.status === "ready"), "second done");
    const coalesced = doc.jobs.filter((j) => j.coalesced).length;
    const after = triggersOf(h, wb);
    const extra = after.reduce((a, n, i) => a + n - before[i]!, 0);
    expect(extra).toBe(wb.sheetIds.length + (wb.sheetIds.length - coalesced));
    expect(doc.status === "coalesced" || coalesced < wb.sheetIds.length).toBe(true);
  });

  it("an unknown target is stored as an error with the reason, nothing triggered", async () => {
    const res = await h.postGeneric({ source: "x", runId: "unknown-1", targets: [{ workbook: "No Such Workbook Anywhere" }] });
    const { id } = (await res.json()) as { id: number };
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${id}`)).status === "error", "error");
    expect((await getJson<EventDoc>(h, `/api/events/${id}`)).detail).toMatch(/No Such Workbook/);
  });

  it("/healthz says Sigma is reachable and the database writable; /metrics is Prometheus text", async () => {
    const r = await fetch(`${h.serve.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, sigma: true, db: true });
    const m = await (await fetch(`${h.serve.url}/metrics`)).text();
    expect(m).toMatch(/^# TYPE sigmactl_serve_triggers_total counter$/m);
    expect(m).toMatch(/^sigmactl_serve_triggers_total \d+$/m);
    expect(m).toMatch(/^sigmactl_serve_sigma_requests_total \d+$/m);
    expect(m).toMatch(/^sigmactl_serve_queue_depth\{kind="events"\} 0$/m);
    expect(m).toMatch(/sigmactl_serve_job_duration_seconds_count\{outcome="ready"\} \d+/);
  });

  it("a body over the limit gets 413 and nothing stored", async () => {
    const big = "x".repeat(1_100_000);
    const res = await h.postGeneric({ source: big, runId: "big", targets: [wbs[0]!.target] });
    expect(res.status).toBe(413);
    expect(h.serve.store.db.prepare("SELECT COUNT(*) AS n FROM events WHERE delivery_id = 'big'").get()).toEqual({ n: 0 });
  });
});

describe("serve: dbt Cloud and Fivetran hooks", () => {
  let h: ServeHarness;
  let wb: ActiveDoc;
  const calls: Array<{ tables?: string[]; dbt?: unknown }> = [];
  // A stand-in for issue #9's planner (not on this branch): every table named → the workbook's schedules, two waves.
  const planner: TablePlanner = async (_client, changes) => {
    calls.push(changes);
    const schedules: PlannedSchedule[] = wb.sheetIds.map((sheetId, i) => ({
      kind: "workbook",
      documentId: wb.id,
      sheetId,
      wave: i === 0 ? 0 : 1,
      because: [`reads ${(changes.tables ?? ["dbt"]).join(", ")}`],
      upstream: i === 0 ? [] : [`${wb.id}/${wb.sheetIds[0]}`],
    }));
    const plan: PlanLike = { waves: [schedules.slice(0, 1), schedules.slice(1)], schedules, unmatchedTables: [] };
    return plan;
  };
  beforeAll(async () => {
    h = await startHarness({ planner });
    wb = (await activeWorkbooks(h.client)).find((w) => w.sheetIds.length >= 2)!;
    expect(wb).toBeDefined();
  });
  afterAll(async () => h?.close());

  const runResults = { results: [{ unique_id: "model.shop.orders", status: "success" }, { unique_id: "model.shop.broken", status: "error" }, { unique_id: "test.shop.t1", status: "pass" }] };
  const manifest = {
    nodes: {
      "model.shop.orders": { resource_type: "model", database: "PROD", schema: "SALES", alias: "ORDERS", relation_name: '"PROD"."SALES"."ORDERS"' },
      "model.shop.broken": { resource_type: "model", database: "PROD", schema: "SALES", name: "BROKEN" },
      "test.shop.t1": { resource_type: "test" },
    },
  };
  const dbtHook = (runId: number, runStatus: string, eventId: string) => ({
    accountId: 1001,
    webhooksID: "wh_1",
    eventId,
    timestamp: new Date().toISOString(),
    eventType: "job.run.completed",
    webhookName: "sigma",
    data: { jobId: "77", jobName: "nightly", runId: String(runId), runStatus, runStatusCode: runStatus === "Success" ? 10 : 20, environmentId: "5" },
  });

  it("a signed job.run.completed → artifacts fetched from the fake → planned schedules run in wave order", async () => {
    await h.emu.fetch(`${h.emu.url}/__emulator/dbt-cloud/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ accountId: 1001, runId: 555, artifacts: { "run_results.json": runResults, "manifest.json": manifest } }) });
    const res = await h.postDbt(dbtHook(555, "Success", "evt-ok"));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    await h.until(async () => {
      const d = await getJson<EventDoc>(h, `/api/events/${id}`);
      return d.jobs.length === wb.sheetIds.length && d.jobs.every((j) => j.status === "ready");
    }, "dbt run done");
    const doc = await getJson<EventDoc>(h, `/api/events/${id}`);
    expect(doc.tables).toEqual(["PROD.SALES.ORDERS"]);
    const fetched = (await (await h.emu.fetch(`${h.emu.url}/__emulator/dbt-cloud/runs`)).json()) as { fetches: Array<{ path: string; status: number }> };
    expect(fetched.fetches.map((f) => f.path).sort()).toEqual(["manifest.json", "run_results.json"]);
    expect(calls.at(-1)?.dbt).toEqual({ runResults, manifest });
    // Wave 1 started after wave 0 was ready.
    const w0 = doc.jobs.find((j) => j.wave === 0)!;
    for (const j of doc.jobs.filter((x) => x.wave === 1)) expect(Date.parse(j.triggeredAt!)).toBeGreaterThanOrEqual(Date.parse(w0.readyAt!));
  });

  it("a failed run is stored and shown, nothing triggered, no artifacts fetched", async () => {
    const before = h.emu.stats().materializationsStarted;
    const res = await h.postDbt(dbtHook(556, "Error", "evt-failed"));
    expect(res.status).toBe(202);
    const { id, status } = (await res.json()) as { id: number; status: string };
    expect(status).toBe("ignored");
    await new Promise((r) => setTimeout(r, 600));
    const doc = await getJson<EventDoc>(h, `/api/events/${id}`);
    expect(doc).toMatchObject({ status: "ignored", jobs: [] });
    expect(doc.detail).toMatch(/Error/);
    expect(h.emu.stats().materializationsStarted).toEqual(before);
  });

  it("dbt Cloud: a wrong signature → 401, nothing stored", async () => {
    const res = await h.postDbt(dbtHook(557, "Success", "evt-bad"), { secret: "wrong-secret-wrong-secret" });
    expect(res.status).toBe(401);
    expect(h.serve.store.db.prepare("SELECT COUNT(*) AS n FROM events WHERE delivery_id = 'evt-bad'").get()).toEqual({ n: 0 });
  });

  it("Fivetran sync_end SUCCESSFUL → the connector's schema as SCHEMA.*; upper-case signature accepted; failed sync ignored", async () => {
    const ok = await h.postFivetran({ event: "sync_end", connector_id: "conn_1", sync_id: "s1", connector_name: "shop db", data: { status: "SUCCESSFUL" } });
    expect(ok.status).toBe(202);
    const { id } = (await ok.json()) as { id: number };
    await h.until(async () => (await getJson<EventDoc>(h, `/api/events/${id}`)).status !== "queued", "fivetran planned");
    expect((await getJson<EventDoc>(h, `/api/events/${id}`)).tables).toEqual(["RAW_SALES.*"]);
    expect(calls.some((c) => c.tables?.includes("RAW_SALES.*"))).toBe(true);
    const failed = await h.postFivetran({ event: "sync_end", connector_id: "conn_1", sync_id: "s2", data: { status: "FAILURE_WITH_TASK" } });
    expect(((await failed.json()) as { status: string }).status).toBe("ignored");
    const bad = await h.postFivetran({ event: "sync_end", connector_id: "conn_1", sync_id: "s3", data: { status: "SUCCESSFUL" } }, { secret: "not-fivetran-not-fivetran" });
    expect(bad.status).toBe(401);
  });
});

// Table → schedule planning is issue #9's planner (planRefresh), not on this branch. This test runs
// by itself once src/serve/planner.ts's DEFAULT_TABLE_PLANNER is set to it (the merge step).
describe.skipIf(DEFAULT_TABLE_PLANNER === undefined)("serve: tables through the lineage planner (needs issue #9's planRefresh)", () => {
  let h: ServeHarness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { seed: 1 } });
  });
  afterAll(async () => h?.close());

  it("a signed generic webhook naming a table → the planned schedules run in dependency order → every job ready", async () => {
    // A table that feeds at least two schedules, one through another (the emulator's truth knows).
    const truth = h.emu.truth() as Truth;
    const t = truth.tables.find((x) => x.downstreamSchedules.some((d) => d.depth > 1)) ?? truth.tables.find((x) => x.downstreamSchedules.length > 0)!;
    // Qualified by its connection id: DB.SCHEMA.TABLE may repeat across connections.
    const table = `${t.connectionId}/${t.path.join(".")}`;
    const expected = t.downstreamSchedules.map((d) => d.documentId);
    const res = await h.postGeneric({ source: "rivery", runId: "tables-1", tables: [table] });
    const { id } = (await res.json()) as { id: number };
    // Paused schedules are planned but not triggered (materialize's rule): shown as skipped.
    const settled = (j: { status: string; error?: string | null }) => j.status === "ready" || (j.status === "skipped" && /paused/.test(j.error ?? ""));
    await h.until(async () => {
      const d = await getJson<EventDoc>(h, `/api/events/${id}`);
      return d.jobs.length > 0 && d.jobs.every(settled);
    }, "planned jobs ready", 30_000);
    const doc = await getJson<EventDoc>(h, `/api/events/${id}`);
    expect(doc.jobs.filter((j) => j.status === "ready").length).toBeGreaterThan(0);
    expect([...new Set(doc.jobs.map((j) => j.documentId))].sort()).toEqual([...new Set(expected)].sort());
    const ran = doc.jobs.filter((j) => j.status === "ready");
    for (const later of ran) {
      for (const earlier of ran.filter((j) => j.wave < later.wave)) expect(Date.parse(later.triggeredAt!)).toBeGreaterThanOrEqual(Date.parse(earlier.readyAt!));
    }
  }, 60_000);
});
