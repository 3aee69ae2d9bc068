/**
 * Issue #8's acceptance, as a user meets it: against an emulator whose bodies vary like real
 * Sigma (`shape: "chaotic"`, 3 seeds, a medium org), `sigmactl extract` keeps every entry the
 * truth says the caller can list, exits 0 and reports drift; `sigmactl materialize` refreshes a
 * workbook, a data model and a dataset; and `sigmactl lineage --downstream` finds the same
 * impact as on the same org served `strict`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { buildLineageGraph, lineageOf } from "../../src/lineage/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { expectMatchesTruth } from "../extract/support.js";
import { runCli, type CliResult } from "../helpers/run-cli.js";

const T = 1_700_000_000;
const SEEDS = [1, 2, 3];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-acceptance-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function cli(emu: Emulator, argv: string[], stateDir: string): Promise<CliResult> {
  const env = {
    NO_COLOR: "1",
    SIGMA_BASE_URL: emu.url,
    SIGMA_CLIENT_ID: emu.clientId,
    SIGMA_CLIENT_SECRET: emu.clientSecret,
    SIGMACTL_STATE_DIR: stateDir,
  };
  return runCli(argv, { env, cwd: stateDir });
}

async function start(seed: number, shape: "strict" | "chaotic"): Promise<Emulator> {
  return createEmulator({ seed, size: "medium", shape, listen: true, materializationTime: [0.1, 0.3], log: () => undefined });
}

interface Drift {
  endpoint: string;
  field: string;
  count: number;
}

/** Extracts with the CLI into `dir` and returns its `--json` document. */
async function extractWith(emu: Emulator, dir: string): Promise<{ code: number; doc: Record<string, unknown>; stderr: string }> {
  const r = await cli(emu, ["extract", "-o", dir, "--timestamp", String(T), "--json"], dir);
  return { code: r.code, doc: JSON.parse(r.stdout || "{}") as Record<string, unknown>, stderr: r.stderr };
}

/** The ids downstream of a table, from an extraction. */
async function impact(dir: string, table: string): Promise<string[]> {
  const r = await runCli(["lineage", "-d", dir, "--downstream", table, "--format", "json"], { env: { NO_COLOR: "1" } });
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { nodes: Array<{ id: string }> };
  return out.nodes.map((n) => n.id).sort();
}

// Medium-org extractions through the CLI: minutes on a busy 2-core machine, not seconds.
describe.each(SEEDS)("real Sigma data: chaotic bodies, medium org, seed %i", { timeout: 180_000 }, (seed) => {
  let chaotic: Emulator;
  let strict: Emulator;
  const dirs = { chaotic: "", strict: "" };

  beforeAll(async () => {
    [chaotic, strict] = await Promise.all([start(seed, "chaotic"), start(seed, "strict")]);
    dirs.chaotic = join(root, `chaotic-${seed}`);
    dirs.strict = join(root, `strict-${seed}`);
  });
  afterAll(async () => {
    await Promise.all([chaotic?.close(), strict?.close()]);
  });

  it("extract keeps every entry the caller can list, exits 0 and reports drift", async () => {
    const r = await extractWith(chaotic, dirs.chaotic);
    expect(r.code, r.stderr).toBe(0);
    await expectMatchesTruth(dirs.chaotic, T, chaotic.truth() as Truth);
    const drift = r.doc.drift as Drift[];
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.every((d) => d.endpoint.startsWith("GET /v2") && d.count > 0)).toBe(true);
    const stats = chaotic.stats() as { shape?: { entriesVaried?: number } };
    expect(stats.shape?.entriesVaried ?? 0).toBeGreaterThan(0);
  });

  it("materialize refreshes a workbook, a data model and a dataset", async () => {
    const truth = chaotic.truth() as Truth;
    const wb = truth.workbooks.find((w) => !w.isArchived && !w.hiddenFromCaller && w.materializationSchedules.some((s) => !s.paused))!;
    const dm = truth.dataModels.find((d) => !d.isArchived && d.materializationSchedules.some((s) => !s.paused))!;
    const ds = truth.datasets.find((d) => !d.isArchived)!;
    const sheet = wb.materializationSchedules.find((s) => !s.paused)!;
    const dmSheet = dm.materializationSchedules.find((s) => !s.paused)!;
    // One element each (by sheetId, which real bodies always carry), from a targets file.
    const targets = join(root, `targets-${seed}.json`);
    await writeFile(
      targets,
      JSON.stringify({
        targets: [
          { workbook: wb.workbookId, elements: [sheet.sheetId] },
          { "data-model": dm.dataModelId, elements: [dmSheet.sheetId] },
          { dataset: ds.datasetId },
        ],
      }),
    );
    const argv = ["materialize", "--targets", targets, "--json", "--poll-interval", "100ms:300ms"];
    const r = await cli(chaotic, argv, dirs.chaotic);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { outcome: string; jobs: Array<{ kind: string; status: string }> };
    expect(doc.outcome).toBe("ready");
    expect(new Set(doc.jobs.map((j) => j.kind))).toEqual(new Set(["workbook", "data-model", "dataset"]));
    expect(doc.jobs.every((j) => j.status === "ready")).toBe(true);
  });

  it("lineage --downstream finds the same impact as against strict bodies", async () => {
    const r = await extractWith(strict, dirs.strict);
    expect(r.code, r.stderr).toBe(0);
    // Every table of the org: its downstream in the two graphs (library, the CLI's engine).
    const [gs, gc] = await Promise.all([buildLineageGraph(dirs.strict), buildLineageGraph(dirs.chaotic)]);
    const tables = gs.nodes.filter((n) => n.kind === "table");
    expect(tables.length).toBeGreaterThan(20);
    const differing = tables.filter((t) => {
      if (!gc.nodes.some((n) => n.id === t.id)) return true;
      const a = lineageOf(gs, t.id, "downstream").nodes.map((n) => n.id).sort();
      const b = lineageOf(gc, t.id, "downstream").nodes.map((n) => n.id).sort();
      return JSON.stringify(a) !== JSON.stringify(b);
    });
    expect(differing.map((t) => t.id)).toEqual([]);
    // And as a user runs it, for a few tables by id (names can repeat across connections).
    const picked = tables.filter((_, i) => i % 17 === seed).slice(0, 3);
    for (const t of picked) expect(await impact(dirs.chaotic, t.id), t.id).toEqual(await impact(dirs.strict, t.id));
    expect(picked.length).toBeGreaterThan(0);
  });
});
