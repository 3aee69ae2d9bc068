/** Table specs (case rules, quoting, globs, connection qualifier), dbt artifacts, and the planner in every emulator shape and id scheme. */
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { dbtRelations } from "../../src/lineage/dbt.js";
import { planRefresh } from "../../src/lineage/plan-refresh.js";
import { matchesTable, parseTableSpec } from "../../src/lineage/table-spec.js";

const table = (path: string[], connection = "Snowflake", connectionId = "c1") => ({ path, connection, connectionId });

describe("table specs", () => {
  it("unquoted parts ignore case, quoted parts match exactly", () => {
    expect(matchesTable(parseTableSpec("analytics.marts.orders"), table(["ANALYTICS", "MARTS", "ORDERS"]))).toBe(true);
    expect(matchesTable(parseTableSpec('"analytics".marts.orders'), table(["ANALYTICS", "MARTS", "ORDERS"]))).toBe(false);
    expect(matchesTable(parseTableSpec('"ANALYTICS"."MARTS"."ORDERS"'), table(["ANALYTICS", "MARTS", "ORDERS"]))).toBe(true);
    expect(matchesTable(parseTableSpec("`proj`.`ds`.`t.x`"), table(["proj", "ds", "t.x"]))).toBe(true);
  });
  it("globs, two-part names and connection qualifiers", () => {
    expect(matchesTable(parseTableSpec("ANALYTICS.MARTS.*"), table(["ANALYTICS", "MARTS", "FCT_ORDERS"]))).toBe(true);
    expect(matchesTable(parseTableSpec("ANALYTICS.MARTS.*"), table(["ANALYTICS", "STAGING", "FCT_ORDERS"]))).toBe(false);
    expect(matchesTable(parseTableSpec("marts.fct_*"), table(["ANY_DB", "MARTS", "FCT_ORDERS"]))).toBe(true);
    expect(matchesTable(parseTableSpec("snowflake/A.B.C"), table(["A", "B", "C"]))).toBe(true);
    expect(matchesTable(parseTableSpec("c1/A.B.C"), table(["A", "B", "C"]))).toBe(true);
    expect(matchesTable(parseTableSpec("Postgres/A.B.C"), table(["A", "B", "C"]))).toBe(false);
  });
  it("refuses what is not a table name, with the expected form", () => {
    expect(() => parseTableSpec("ORDERS")).toThrow(/expected DB.SCHEMA.TABLE/);
    expect(() => parseTableSpec('"A.B.C')).toThrow(/unclosed quote/);
    expect(() => parseTableSpec("a.b.c.d")).toThrow(/expected/);
  });
});

describe("dbt artifacts", () => {
  const dir = join(process.cwd(), "test/fixtures/dbt/target");
  const rr = JSON.parse(readFileSync(join(dir, "run_results.json"), "utf8")) as unknown;
  const mf = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  it("keeps models, seeds and snapshots that succeeded; relation_name first, else database.schema.alias", () => {
    expect(dbtRelations(rr, mf).map((r) => [r.resourceType, r.relation])).toEqual([
      ["model", "ANALYTICS.SALES.ORDERS"],
      ["model", '"ANALYTICS"."SALES"."OPPORTUNITIES"'],
      ["model", '"analytics"."sales"."quotas"'],
      ["seed", "PROD_DW.FINANCE.GL_ENTRIES"],
      ["snapshot", "PROD_DW.PRODUCT.FEATURE_FLAGS"],
    ]);
  });
  it("refuses manifests older than v10", () => {
    const old = { ...mf, metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v9.json" } };
    expect(() => dbtRelations(rr, old)).toThrow(/v9.*v10 and newer/);
  });
});

describe("planRefresh in every shape and id scheme", () => {
  for (const shape of ["strict", "real", "chaotic"] as const) {
    for (const lineageIds of ["sigma", "legacy"] as const) {
      it(`${shape} / ${lineageIds}: plans equal the truth; a warm plan costs at most 5% of a cold one (cached by updatedAt)`, async () => {
        const emu = await createEmulator({ size: "small", seed: 3, shape, lineageIds, log: () => undefined });
        const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
        const cacheDir = await mkdtemp(join(tmpdir(), "sigmactl-plan-cache-"));
        try {
          const truth = emu.truth() as Truth;
          const name = (id: string) => truth.connections.find((c) => c.connectionId === id)!.name;
          let cold = 0;
          for (const t of truth.tables.filter((x, i) => x.downstreamSchedules.length > 0 || i % 5 === 0)) {
            const plan = await planRefresh(client, { tables: [`${name(t.connectionId)}/${t.path.join(".")}`] }, { cacheDir });
            cold ||= plan.requests;
            expect(plan.schedules.map((s) => s.sheetId).sort(), t.path.join(".")).toEqual(t.downstreamSchedules.map((d) => d.sheetId).sort());
          }
          const warm = await planRefresh(client, { tables: ["A.B.C"] }, { cacheDir });
          // Chaotic bodies may drop updatedAt: those documents are read again every time.
          if (shape !== "chaotic") expect(warm.requests).toBeLessThanOrEqual(cold * 0.05);
          expect(warm.unmatchedTables).toEqual(["A.B.C"]);
        } finally {
          await emu.close();
          await rm(cacheDir, { recursive: true, force: true });
        }
      }, 60_000);
    }
  }
});
