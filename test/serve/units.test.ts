/** serve's pure parts: config validation, signature checks, payload parsing, plan merging, artifacts → tables. */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { redact } from "../../src/redact.js";
import { resolveServeConfig } from "../../src/serve/config.js";
import { tablesFromArtifacts } from "../../src/serve/dbt-artifacts.js";
import { parseDbtCloud } from "../../src/serve/hooks/dbt-cloud.js";
import { parseFivetran } from "../../src/serve/hooks/fivetran.js";
import { parseGeneric } from "../../src/serve/hooks/generic.js";
import { mergePlans } from "../../src/serve/planner.js";
import { hmacHex, signGeneric, verifyDbtCloud, verifyFivetran, verifyGeneric } from "../../src/serve/verify.js";
import type { PlannedSchedule } from "../../src/shared/refresh-plan.js";

const S = "a-secret-of-sixteen-chars";
const hdr = (h: Record<string, string>) => (n: string) => h[n];

describe("config", () => {
  it("lists every problem at once, with the key", () => {
    expect(() => resolveServeConfig({ hooks: { generic: {}, fivetran: { secret: "short" } }, debounce: "soon" }, "/x/serve.yaml")).toThrow(ConfigError);
    try {
      resolveServeConfig({ hooks: { generic: {}, fivetran: { secret: "short" } } }, "/x/serve.yaml");
    } catch (err) {
      const m = (err as Error).message;
      expect(m).toMatch(/serve\.hooks\.generic: a secret is required/);
      expect(m).toMatch(/serve\.hooks\.fivetran: the secret must be at least 16/);
      expect(m).toMatch(/connectors/);
    }
    expect(() => resolveServeConfig({ hooks: { generic: { secret: S } }, debounc: 1 }, undefined)).toThrow(/debounc/);
    expect(() => resolveServeConfig({}, undefined)).toThrow(/at least one hook/);
  });
  it("applies defaults and registers secrets for redaction", () => {
    const c = resolveServeConfig({ hooks: { generic: { secret: S } }, debounce: "5s", retention: "7d" }, undefined);
    expect(c).toMatchObject({ debounceMs: 5000, retentionMs: 7 * 86_400_000, concurrency: 4, maxBodyBytes: 1_048_576, generic: { toleranceMs: 300_000 } });
    expect(redact(`x ${S} y`)).not.toContain(S);
  });
});

describe("signatures", () => {
  const body = Buffer.from('{"tables":["A.B.C"]}');
  it("generic: sha256=<hex> over `<timestamp>.<body>`, inside the window", () => {
    const now = 1_800_000_000_000;
    const s = signGeneric(S, body.toString(), now / 1000);
    const h = hdr({ "x-sigmactl-timestamp": s.timestamp, "x-sigmactl-signature-256": s.signature });
    expect(verifyGeneric(S, 300_000, h, body, now)).toEqual({ ok: true });
    expect(verifyGeneric(S, 300_000, h, body, now + 301_000).ok).toBe(false);
    expect(verifyGeneric("another-secret-sixteen", 300_000, h, body, now).ok).toBe(false);
    expect(verifyGeneric(S, 300_000, h, Buffer.from('{"tables":["X"]}'), now).ok).toBe(false);
    expect(verifyGeneric(S, 300_000, hdr({ "x-sigmactl-timestamp": s.timestamp, "x-sigmactl-signature-256": "sha256=zz" }), body, now).ok).toBe(false);
  });
  it("dbt Cloud: hex HMAC of the body in Authorization; Fivetran: upper- or lower-case hex", () => {
    const d = hmacHex(S, body);
    expect(verifyDbtCloud(S, hdr({ authorization: d }), body).ok).toBe(true);
    expect(verifyDbtCloud(S, hdr({}), body).ok).toBe(false);
    expect(verifyFivetran(S, hdr({ "x-fivetran-signature-256": d.toUpperCase() }), body).ok).toBe(true);
    expect(verifyFivetran(S, hdr({ "x-fivetran-signature-256": d }), body).ok).toBe(true);
    expect(verifyFivetran(S, hdr({ "x-fivetran-signature-256": d.slice(2) }), body).ok).toBe(false);
  });
});

describe("payloads", () => {
  it("generic: runId is the delivery id; a body naming nothing is refused", () => {
    const ok = parseGeneric(Buffer.from(JSON.stringify({ tables: ["A.B.C"], source: "rivery", runId: 42 })));
    expect(ok).toMatchObject({ event: { provider: "generic", deliveryId: "42", tables: ["A.B.C"], source: "rivery", status: "queued" } });
    expect(parseGeneric(Buffer.from("{}"))).toMatchObject({ error: expect.stringMatching(/at least one table/) });
    expect(parseGeneric(Buffer.from("nope"))).toMatchObject({ error: "the body is not JSON" });
    expect(parseGeneric(Buffer.from(JSON.stringify({ targets: [{ workbook: "a", dataModel: "b" }] })))).toMatchObject({ error: expect.stringMatching(/exactly one/) });
  });
  it("dbt Cloud: success queued, errored ignored with the reason, a mapped job gets its tables", () => {
    const hook = (runStatus: string) => Buffer.from(JSON.stringify({ eventId: `e-${runStatus}`, eventType: "job.run.completed", accountId: 1, data: { jobId: "9", runId: "100", runStatus } }));
    expect(parseDbtCloud(hook("Success"), {})).toMatchObject({ event: { status: "queued", deliveryId: "e-Success" } });
    expect(parseDbtCloud(hook("Errored"), {})).toMatchObject({ event: { status: "ignored", detail: expect.stringMatching(/Errored/) } });
    expect(parseDbtCloud(hook("Success"), { "9": { tables: ["P.S.T"] } })).toMatchObject({ event: { tables: ["P.S.T"] } });
  });
  it("Fivetran: sync_end SUCCESSFUL of a mapped connector → SCHEMA.*; unmapped or failed: ignored", () => {
    const b = (o: object) => Buffer.from(JSON.stringify({ event: "sync_end", connector_id: "c1", sync_id: "s", ...o }));
    expect(parseFivetran(b({ data: { status: "SUCCESSFUL" } }), { c1: { schema: "RAW" } })).toMatchObject({ event: { status: "queued", tables: ["RAW.*"], deliveryId: "c1:s:sync_end" } });
    expect(parseFivetran(b({ data: { status: "FAILURE" } }), { c1: { schema: "RAW" } })).toMatchObject({ event: { status: "ignored" } });
    expect(parseFivetran(b({ data: { status: "SUCCESSFUL" } }), {})).toMatchObject({ event: { status: "ignored", detail: expect.stringMatching(/connectors/) } });
  });
});

describe("plans and artifacts", () => {
  const s = (sheetId: string, wave: number, upstream: string[] = [], because = [`r-${sheetId}`]): PlannedSchedule => ({ kind: "workbook", documentId: "w", sheetId, wave, because, upstream });
  it("merging plans unites reasons and recomputes waves from upstream links", () => {
    const a = { waves: [], schedules: [s("a", 0), s("b", 1, ["w/a"])], unmatchedTables: ["X"] };
    const b = { waves: [], schedules: [s("b", 0, [], ["other"]), s("c", 0, ["w/b"])], unmatchedTables: ["Y"] };
    const m = mergePlans([a, b]);
    const by = Object.fromEntries(m.schedules.map((x) => [x.sheetId, x]));
    expect([by.a?.wave, by.b?.wave, by.c?.wave]).toEqual([0, 1, 2]);
    expect(by.b?.because).toEqual(["r-b", "other"]);
    expect(m.waves.map((w) => w.map((x) => x.sheetId))).toEqual([["a"], ["b"], ["c"]]);
    expect(m.unmatchedTables).toEqual(["X", "Y"]);
  });
  it("tables a dbt run rebuilt: successful models, seeds and snapshots, by relation name", () => {
    const tables = tablesFromArtifacts({
      runResults: { results: [{ unique_id: "model.p.a", status: "success" }, { unique_id: "model.p.b", status: "error" }, { unique_id: "seed.p.c", status: "success" }, { unique_id: "model.p.e", status: "success" }] },
      manifest: {
        nodes: {
          "model.p.a": { resource_type: "model", relation_name: '"DB"."S"."A"' },
          "model.p.b": { resource_type: "model", database: "DB", schema: "S", name: "B" },
          "seed.p.c": { resource_type: "seed", database: "DB", schema: "S", alias: "C_SEED", name: "c" },
          "model.p.e": { resource_type: "model", config: { materialized: "ephemeral" }, database: "DB", schema: "S", name: "E" },
        },
      },
    });
    expect(tables).toEqual(["DB.S.A", "DB.S.C_SEED"]);
  });
});

describe("store", () => {
  it("migrates once, dedupes deliveries, and prunes finished history older than the retention", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openDb, schemaVersion } = await import("../../src/serve/db.js");
    const { Store } = await import("../../src/serve/store.js");
    const dir = await mkdtemp(join(tmpdir(), "sigmactl-store-"));
    let now = Date.parse("2026-01-01T00:00:00Z");
    const db = openDb(join(dir, "s.db"));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const store = new Store(db, () => now);
    const ev = { provider: "generic", deliveryId: "d1", source: "s", status: "queued" as const, tables: ["A.B.C"], targets: [], payload: {} };
    const a = await store.insertEventBatched(ev);
    expect(await store.insertEventBatched(ev)).toEqual({ id: a.id, duplicate: true });
    const runId = store.createRun({ eventIds: [a.id], schedules: [{ kind: "workbook", documentId: "w", sheetId: "s1", wave: 0, because: ["x"], upstream: [], eventIds: [a.id] }], coalesce: [], unmatchedTables: [] })!;
    store.setRun(runId, "ready");
    now += 40 * 86_400_000;
    const b = await store.insertEventBatched({ ...ev, deliveryId: "d2" });
    expect(store.prune(new Date(now - 30 * 86_400_000).toISOString())).toBe(1);
    expect(store.event(a.id)).toBeUndefined();
    expect(store.run(runId)).toBeUndefined();
    expect(store.event(b.id)).toBeDefined();
    db.close();
    const again = openDb(join(dir, "s.db"));
    expect(schemaVersion(again)).toBe(1);
    again.close();
    await rm(dir, { recursive: true, force: true });
  });
});
