/**
 * Refresh what changed, end to end: the CLI in-process, the real client, the emulator (medium,
 * two seeds) on a loopback port. The plan for each of 20 tables must select exactly the truth's
 * `downstreamSchedules` (waves = depth); a real run must finish without order violations; a
 * failed upstream job must skip its downstream jobs (exit 1); dbt artifacts end to end.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { JobRecord, MaterializeResult } from "../../src/materialize/types.js";
import { startE2E, type E2E } from "../materialize/helpers/emulator.js";

type Doc = MaterializeResult & { plan: { unmatchedTables: string[]; requests: number } };
type TruthTable = Truth["tables"][number];

const targetOf = (j: JobRecord) => j.sheetId ?? j.documentId;

// A fixed pseudo-random pick (no wall clock, no Math.random): the same tables every run.
function pick<T>(items: readonly T[], n: number, seed: number): T[] {
  let s = seed >>> 0;
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(pool.splice(s % pool.length, 1)[0]!);
  }
  return out;
}

for (const seed of [1, 2]) {
  describe(`refresh what changed (medium org, seed ${seed})`, () => {
    let e: E2E;
    let truth: Truth;
    const spec = (t: TruthTable) => `${truth.connections.find((c) => c.connectionId === t.connectionId)!.name}/${t.path.join(".")}`;

    beforeAll(async () => {
      e = await startE2E({ size: "medium", seed, materializationTime: [0.1, 0.3], materializationFailRate: 0 });
      truth = e.emu.truth() as Truth;
    }, 60_000);
    afterAll(async () => {
      await e.close();
    });

    it("the dry-run plan of 20 tables selects exactly the truth's downstream schedules, in waves of their depth", async () => {
      const withReaders = truth.tables.filter((t) => t.downstreamSchedules.length > 0);
      const tables = [...pick(withReaders, 16, seed), ...pick(truth.tables.filter((t) => t.downstreamSchedules.length === 0), 4, seed)];
      expect(tables).toHaveLength(20);
      for (const t of tables) {
        const r = await e.cli(["materialize", "--affected-by", spec(t), "--dry-run", "--include-paused", "--json"]);
        expect(r.code, r.stderr).toBe(0);
        const doc = JSON.parse(r.stdout) as Doc;
        expect(doc.plan.unmatchedTables).toEqual([]);
        expect(doc.jobs.map(targetOf).sort(), spec(t)).toEqual(t.downstreamSchedules.map((d) => d.sheetId).sort());
        for (const j of doc.jobs) {
          expect(j.wave).toBe(t.downstreamSchedules.find((d) => d.sheetId === targetOf(j))!.depth);
          expect(j.because?.[0]).toMatch(/^table /);
        }
      }
    }, 120_000);

    it("a real run of a chained table finishes ready, upstream first: orderViolations 0", async () => {
      const chained = truth.tables.find((t) => t.downstreamSchedules.some((d) => d.depth >= 2))!;
      expect(chained).toBeDefined();
      e.emu.control.reset();
      const r = await e.cli(["materialize", "--affected-by", spec(chained), "--include-paused", "--json", "--no-state"]);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as Doc;
      expect(doc.outcome).toBe("ready");
      expect(doc.jobs.length).toBe(chained.downstreamSchedules.length);
      expect(e.emu.stats().orderViolations).toBe(0);
      expect(doc.jobs.some((j) => (j.wave ?? 1) > 1)).toBe(true);
    }, 60_000);

    it("the emulator counts a trigger of a downstream schedule while its upstream is building", async () => {
      const chained = truth.tables.find((t) => t.downstreamSchedules.some((d) => d.depth >= 2 && d.documentType !== "dataset"))!;
      const down = chained.downstreamSchedules.find((d) => d.depth >= 2 && d.documentType !== "dataset")!;
      const plan = JSON.parse((await e.cli(["materialize", "--affected-by", spec(chained), "--dry-run", "--include-paused", "--json"])).stdout) as Doc;
      // Runs of 10-20 minutes: the upstream is surely still going when the downstream trigger arrives.
      const slow = await createEmulator({ size: "medium", seed, materializationTime: [600, 1200], log: () => undefined });
      try {
        const client = new SigmaClient({ baseUrl: slow.url, clientId: slow.clientId, clientSecret: slow.clientSecret, fetch: slow.fetch });
        const target = plan.jobs.find((j) => targetOf(j) === down.sheetId)!;
        const trigger = (j: JobRecord) =>
          j.kind === "workbook" ? client.workbooks.materialize(j.documentId, j.sheetId!) : j.kind === "data-model" ? client.dataModels.materialize(j.documentId, j.sheetId!) : client.datasets.materialize(j.documentId);
        await trigger(target);
        expect(slow.stats().orderViolations).toBe(0); // nothing upstream running yet
        for (const j of plan.jobs.filter((x) => (x.wave ?? 1) < (target.wave ?? 1))) await trigger(j);
        await trigger(target);
        expect(slow.stats().orderViolations).toBe(1);
      } finally {
        await slow.close();
      }
    }, 60_000);

    it("a failed upstream job skips its downstream jobs: exit 1, skipped with 'upstream failed'", async () => {
      const chained = truth.tables.find((t) => t.downstreamSchedules.some((d) => d.depth >= 2))!;
      e.emu.control.reset();
      const firstWave = chained.downstreamSchedules.filter((d) => d.depth === 1).map((d) => d.sheetId);
      e.emu.control.failSheets(firstWave);
      const r = await e.cli(["materialize", "--affected-by", spec(chained), "--include-paused", "--json", "--no-state"]);
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout) as Doc;
      expect(doc.outcome).toBe("failed");
      const later = doc.jobs.filter((j) => (j.wave ?? 1) > 1);
      expect(later.length).toBeGreaterThan(0);
      for (const j of later) {
        expect(j.status).toBe("skipped");
        expect(j.error).toMatch(/^upstream failed/);
        expect(j.materializationId).toBeNull();
      }
      expect(doc.jobs.filter((j) => j.wave === 1).every((j) => j.status === "failed")).toBe(true);
    }, 60_000);

    if (seed === 1) {
      it("--from-dbt: succeeded models, seeds and snapshots (aliases, quoting) select what reads their relations", async () => {
        const r = await e.cli(["materialize", "--from-dbt", join(process.cwd(), "test/fixtures/dbt"), "--dry-run", "--include-paused", "--json"]);
        expect(r.code, r.stderr).toBe(0);
        const doc = JSON.parse(r.stdout) as Doc;
        // Quoted lower-case parts match exactly: the org's tables are upper case.
        expect(doc.plan.unmatchedTables).toEqual(['"analytics"."sales"."quotas"']);
        const rebuilt = ["ANALYTICS.SALES.ORDERS", "ANALYTICS.SALES.OPPORTUNITIES", "PROD_DW.FINANCE.GL_ENTRIES", "PROD_DW.PRODUCT.FEATURE_FLAGS"];
        const want = new Set(truth.tables.filter((t) => rebuilt.includes(t.path.join("."))).flatMap((t) => t.downstreamSchedules.map((d) => d.sheetId)));
        expect(want.size).toBeGreaterThan(0);
        expect(doc.jobs.map(targetOf).sort()).toEqual([...want].sort());
        // The failed (PROD_DW.SALES.ORDERS) and skipped (PROD_DW.SALES.ACCOUNTS) models select nothing of their own.
        const only = new Set(truth.tables.filter((t) => ["PROD_DW.SALES.ORDERS", "PROD_DW.SALES.ACCOUNTS"].includes(t.path.join("."))).flatMap((t) => t.downstreamSchedules.map((d) => d.sheetId)));
        for (const s of only) if (!want.has(s)) expect(doc.jobs.map(targetOf)).not.toContain(s);
      }, 60_000);
    }
  });
}
