/**
 * `sigmactl impact TABLE...` end to end: the CLI in-process, the real client, the emulator on a
 * loopback port. For a chained table (a schedule at depth 2 or more), the schedules and their
 * documents listed (tree, --json envelope, CSV) are exactly the truth's `downstreamSchedules`,
 * waves equal to depths, live and from an extraction (`--lineage-from`); nothing is triggered
 * or synced; an unknown table is a warning (exit 0, as docs/refresh.md says), a malformed one
 * a usage error (exit 3) without a stack trace.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Truth } from "../../src/emulator/org/truth.js";
import { runCli, type CliResult } from "../helpers/run-cli.js";
import { startE2E, type E2E } from "../materialize/helpers/emulator.js";

type TruthTable = Truth["tables"][number];
interface Schedule {
  kind: string;
  documentId: string;
  documentName?: string;
  sheetId: string;
  elementName?: string;
  wave: number;
  because: string[];
}
interface ImpactDoc {
  command: string;
  outcome: string;
  exitCode: number;
  warnings: string[];
  drift: unknown[];
  planVersion: number;
  schedules: Schedule[];
  waves: Schedule[][];
  reached: Array<{ id: string; kind: string; label: string; depth: number }>;
  unmatchedTables: string[];
  changes: Array<{ spec: string; source: string; tables: string[] }>;
  lineageSource: string;
  error?: { type: string; message: string; hints: string[] };
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  expect(cell, "CSV ends with CRLF").toBe("");
  expect(row, "CSV ends with CRLF").toEqual([]);
  return rows;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe("sigmactl impact (small org, seed 1)", () => {
  let e: E2E;
  let truth: Truth;
  let chained: TruthTable;
  let spec: string;
  const extraction = () => join(e.dir, "extract");
  /** Runs impact against the emulator (no polling flags: impact has none). */
  const impact = (argv: string[]): Promise<CliResult> => runCli(["impact", ...argv], { env: e.env, cwd: e.dir });

  beforeAll(async () => {
    e = await startE2E({ size: "small", seed: 1 });
    truth = e.emu.truth() as Truth;
    // The deepest chain: data-model elements read by workbook elements, 2+ levels.
    chained = [...truth.tables].sort((a, b) => Math.max(0, ...b.downstreamSchedules.map((d) => d.depth)) - Math.max(0, ...a.downstreamSchedules.map((d) => d.depth)))[0]!;
    expect(Math.max(...chained.downstreamSchedules.map((d) => d.depth))).toBeGreaterThanOrEqual(2);
    spec = `${truth.connections.find((c) => c.connectionId === chained.connectionId)!.name}/${chained.path.join(".")}`;
    // Element-level data-model lineage needs the `lineages` asset (else links to a model are document-level).
    const x = await runCli(["extract", "-o", extraction(), "--assets", "default,lineages", "--quiet"], { env: e.env, cwd: e.dir });
    expect(x.code, x.stderr).toBe(0);
    e.emu.control.reset();
  }, 60_000);
  afterAll(async () => {
    await e?.close();
  });

  for (const source of ["live", "extraction"] as const) {
    const from = () => (source === "live" ? [] : ["--lineage-from", extraction()]);

    describe(source === "live" ? "live from the API" : "--lineage-from an extraction", () => {
      it("--json: the envelope, and exactly the truth's downstream schedules and documents, waves = depths", async () => {
        const r = await impact([spec, ...from(), "--json"]);
        expect(r.code, r.stderr).toBe(0);
        const doc = JSON.parse(r.stdout) as ImpactDoc;
        expect(doc).toMatchObject({ command: "impact", outcome: "ok", exitCode: 0, planVersion: 1, unmatchedTables: [], changes: [{ spec, source: "argument", tables: [spec] }] });
        expect(Array.isArray(doc.drift)).toBe(true);
        expect(doc.lineageSource).toBe(source === "live" ? "live" : extraction());
        expect(sorted(doc.schedules.map((s) => s.sheetId))).toEqual(sorted(chained.downstreamSchedules.map((d) => d.sheetId)));
        expect(sorted(doc.schedules.map((s) => s.documentId))).toEqual(sorted(chained.downstreamSchedules.map((d) => d.documentId)));
        for (const s of doc.schedules) {
          const t = chained.downstreamSchedules.find((d) => d.sheetId === s.sheetId)!;
          expect(s.kind, s.sheetId).toBe(t.documentType);
          expect(s.wave, s.sheetId).toBe(t.depth);
          expect(s.because[0]).toBe(`table ${spec}`);
        }
        expect(doc.waves.map((w) => w.length)).toEqual(doc.waves.map((_, i) => chained.downstreamSchedules.filter((d) => d.depth === i + 1).length));
        // Every schedule's document is among the nodes reached downstream.
        for (const s of doc.schedules) expect(doc.reached.some((n) => n.id.includes(s.documentId)), s.documentId).toBe(true);
      });

      it("tree: the matched table, the nodes downstream, and each truth schedule under its wave", async () => {
        const r = await impact([spec, ...from()]);
        expect(r.code, r.stderr).toBe(0);
        const lines = r.stdout.split("\n");
        expect(lines[0]).toBe(`${spec}: ${spec}`);
        expect(r.stdout).toMatch(/^downstream \(\d+\):$/m);
        expect(r.stdout).toContain(`schedules a refresh would run (${chained.downstreamSchedules.length}):`);
        const depth = Math.max(...chained.downstreamSchedules.map((d) => d.depth));
        expect(lines.filter((l) => /^wave \d+/.test(l))).toHaveLength(depth);
        const json = JSON.parse((await impact([spec, ...from(), "--json"])).stdout) as ImpactDoc;
        for (const s of json.schedules) {
          const wave = lines.findIndex((l) => l.startsWith(`wave ${s.wave}`));
          const next = lines.findIndex((l, i) => i > wave && /^wave \d+/.test(l));
          const at = lines.findIndex((l) => l.startsWith(`  ${s.documentName} › ${s.elementName} (${s.kind}`));
          expect(at, `${s.documentName} › ${s.elementName}`).toBeGreaterThan(wave);
          if (next > 0) expect(at).toBeLessThan(next);
        }
        expect(e.emu.stats().materializationsStarted.total).toBe(0);
      });

      it("csv: one header, node rows with depths, schedule rows equal to the truth's", async () => {
        const r = await impact([spec, ...from(), "--format", "csv"]);
        expect(r.code, r.stderr).toBe(0);
        const rows = parseCsv(r.stdout);
        expect(rows[0]).toEqual(["type", "kind", "id", "label", "depth_or_wave", "because"]);
        for (const row of rows.slice(1)) expect(row).toHaveLength(6);
        const nodes = rows.filter((x) => x[0] === "node");
        expect(nodes.length).toBeGreaterThan(0);
        for (const n of nodes) expect(Number(n[4])).toBeGreaterThanOrEqual(1);
        const schedules = rows.filter((x) => x[0] === "schedule");
        expect(sorted(schedules.map((x) => x[2]!))).toEqual(sorted(chained.downstreamSchedules.map((d) => d.sheetId)));
        for (const x of schedules) {
          const t = chained.downstreamSchedules.find((d) => d.sheetId === x[2])!;
          expect([x[1], Number(x[4])]).toEqual([t.documentType, t.depth]);
          expect(x[5]!.startsWith(`table ${spec} > `)).toBe(true);
        }
      });
    });
  }

  it("nothing is triggered and nothing synced", () => {
    const stats = e.emu.stats();
    expect(stats.materializationsStarted.total).toBe(0);
    expect(stats.connectionSyncs).toEqual([]);
  });

  it("--format json without --json: the plan document alone (no envelope)", async () => {
    const r = await impact([spec, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.version).toBe(1);
    expect(doc.command).toBeUndefined();
    expect((doc.schedules as unknown[]).length).toBe(chained.downstreamSchedules.length);
  });

  it("an unknown table: a clear warning, an empty answer, exit 0 (as documented)", async () => {
    const r = await impact(["NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('no table the lineage knows matches "NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE"');
    expect(r.stdout).toContain("NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE: no known table");
    expect(r.stdout).toContain("schedules a refresh would run (0):");
    const j = await impact(["NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE", "--json"]);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout) as ImpactDoc;
    expect(doc).toMatchObject({ command: "impact", outcome: "ok", exitCode: 0, unmatchedTables: ["NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE"], schedules: [] });
    expect(doc.warnings.join("\n")).toContain("NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE");
  });

  it("a malformed table name: usage error (exit 3) with the expected form, no stack trace; --json says so", async () => {
    const r = await impact(["JUST_A_TABLE"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('table "JUST_A_TABLE": expected DB.SCHEMA.TABLE');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const j = await impact(["JUST_A_TABLE", "--json"]);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stdout) as ImpactDoc).toMatchObject({ command: "impact", outcome: "error", exitCode: 3, error: { type: "UserError" } });
  });

  it("--json with --format csv disagree: exit 3", async () => {
    const r = await impact([spec, "--json", "--format", "csv"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--json and --format csv disagree");
  });

  it("--lineage-from a directory that holds no extraction: exit 3, a clear message", async () => {
    const r = await impact([spec, "--lineage-from", join(e.dir, "nothing-here")]);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stderr).toMatch(/^error: .*nothing-here/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
