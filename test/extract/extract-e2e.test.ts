/**
 * End-to-end extraction against the emulator over a real loopback port (library entry):
 * completeness against the truth, determinism, chaos, incremental runs, permission skips.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Truth } from "../../src/emulator/org/truth.js";
import { extract } from "../../src/extract/index.js";
import { useEmulatorsAndRoot, clientFor, dataFiles, expectMatchesTruth, expectSameFiles, readRun, rows } from "./support.js";

const T = 1_700_000_000;
const h = useEmulatorsAndRoot("sigmactl-extract-e2e-");
const emulator = h.emulator;

describe("extract against the emulator", () => {
  it("finds every asset of a small org exactly once and gives byte-identical files for the same seed and timestamp", async () => {
    const emu = await emulator({ seed: 11, size: "small" });
    const a = join(h.root(), "small-a");
    const first = await extract({ client: clientFor(emu), outDir: a, timestamp: T });
    // Nothing skipped; the org's datasets whose sources Sigma refuses with 409 inode_archived are warnings.
    expect(first.summary.errors).toEqual([]);
    expect(first.summary.archived.every((e) => e.asset === "dataset_sources" && e.status === 409 && e.code === "inode_archived")).toBe(true);
    expect(first.ok).toBe(true);
    await expectMatchesTruth(a, T, emu.truth() as Truth);

    // Same seed on a fresh emulator, other concurrency: the same bytes.
    const emu2 = await emulator({ seed: 11, size: "small" });
    const b = join(h.root(), "small-b");
    await extract({ client: clientFor(emu2, { concurrency: 2 }), outDir: b, timestamp: T, concurrency: 3 });
    const filesA = await readRun(a);
    expectSameFiles(dataFiles(filesA, T), dataFiles(await readRun(b), T));
    // castor's summary keys come first; the journal is gone after a finished run (its carry index stays).
    expect(Object.keys(JSON.parse(filesA.get(`${T}-summary.json`)!)).slice(0, 4)).toEqual(["python_version", "version", "executed_at", "host"]);
    expect(await readdir(join(a, ".sigmactl"))).toEqual(["runs"]);
    expect(await readdir(join(a, ".sigmactl", "runs"))).toEqual([`${T}.jsonl`]);
  });

  it("a chaos run (5xx, 429 with and without Retry-After, resets, short token TTL) yields the same assets as a clean run", async () => {
    const clean = await emulator({ seed: 5, size: "small" });
    const cleanDir = join(h.root(), "chaos-clean");
    await extract({ client: clientFor(clean), outDir: cleanDir, timestamp: T });

    const chaos = await emulator({
      seed: 5,
      size: "small",
      // Tokens live 2 s; the latency makes the run last longer than that.
      tokenTtlSeconds: 2,
      latency: { ms: 30, jitterMs: 0 },
      faults: "5xx=0.1,429=0.05,reset=0.02,retry-after=0.5",
    });
    const chaosDir = join(h.root(), "chaos");
    const res = await extract({ client: clientFor(chaos, { concurrency: 4 }), outDir: chaosDir, timestamp: T, concurrency: 4 });
    expect(res.summary.duration_ms).toBeGreaterThan(2000);
    // Errors first, so a failure says which request gave up.
    expect(res.summary.errors).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.summary.retries).toBeGreaterThan(10);
    expect(res.summary.rate_limited).toBeGreaterThan(0);
    expect(res.summary.server_errors).toBeGreaterThan(0);
    expect(res.summary.token_refreshes).toBeGreaterThan(1);
    expectSameFiles(dataFiles(await readRun(chaosDir), T), dataFiles(await readRun(cleanDir), T));
  });

  it("--since last re-fetches only changed workbooks and produces the same files as a full run", async () => {
    const emu = await emulator({ seed: 21, size: "small" });
    const dir = join(h.root(), "since");
    const full1 = await extract({ client: clientFor(emu), outDir: dir, timestamp: T });
    const changed = emu.control.mutateWorkbooks(3);
    expect(changed).toHaveLength(3);

    const incClient = clientFor(emu);
    const inc = await extract({ client: incClient, outDir: dir, timestamp: T + 100, since: "last" });
    expect(inc.summary.since).toBe(T);
    const wb = inc.summary.documents.workbook!;
    expect(wb.fetched).toBe(3);
    expect(wb.carried).toBe(wb.listed - 3);
    expect(inc.summary.requests).toBeLessThan(full1.summary.requests / 2);

    const fullDir = join(h.root(), "since-full");
    await extract({ client: clientFor(emu), outDir: fullDir, timestamp: T + 100 });
    expectSameFiles(dataFiles(await readRun(dir), T + 100), dataFiles(await readRun(fullDir), T + 100));
    // The changed element names are really in the new files (not carried from the old run).
    const names = (await rows(dir, T + 100, "elements")).filter((e) => changed.includes(String(e.workbook_id))).map((e) => String(e.name));
    expect(names.some((n) => / \(v\d+\)$/.test(n))).toBe(true);
  });

  it("records 403s on documents hidden from the caller, carries on, and honours maxErrors", async () => {
    const emu = await emulator({ seed: 11, size: "small" });
    const truth = emu.truth() as Truth;
    const hidden = truth.workbooks.filter((w) => w.hiddenFromCaller && !w.isArchived).map((w) => w.workbookId);
    expect(hidden.length).toBeGreaterThan(0);
    const dir = join(h.root(), "hidden");
    const res = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, skipPermissionCheck: true });
    expect(res.ok).toBe(false);
    expect(res.summary.complete).toBe(false);
    const denied = res.summary.errors.filter((e) => e.status === 403);
    // One record per hidden workbook, naming every part that was refused.
    expect(denied.map((e) => e.documentId).sort()).toEqual([...hidden].sort());
    expect(denied.every((e) => e.documentType === "workbook" && e.asset.includes("queries"))).toBe(true);
    // Everything else is complete.
    expect((await rows(dir, T, "workbooks")).length).toBe(truth.workbooks.filter((w) => !w.isArchived).length);

    const tolerant = await extract({ client: clientFor(emu), outDir: join(h.root(), "hidden-2"), timestamp: T, skipPermissionCheck: true, maxErrors: 1000 });
    expect(tolerant.ok).toBe(true);
    expect(tolerant.summary.error_count).toBe(res.summary.error_count);
  });

  it("writes JSON Lines with --format jsonl and per-element lineage graphs when asked", async () => {
    const emu = await emulator({ seed: 11, size: "tiny" });
    const dir = join(h.root(), "jsonl");
    const res = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, format: "jsonl", assets: "workbooks,elements,lineages" });
    expect(res.files.map((f) => f.path.slice(dir.length + 1)).sort()).toEqual([`${T}-elements.jsonl`, `${T}-lineages.jsonl`, `${T}-workbooks.jsonl`]);
    const files = await readRun(dir);
    const graphs = files.get(`${T}-lineages.jsonl`)!.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const elements = files.get(`${T}-elements.jsonl`)!.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    // One request per data element with columns: a graph, or Sigma's counted "no lineage" 500.
    const asked = elements.filter((e) => Array.isArray(e.columns)).length;
    expect(graphs.length + res.summary.no_lineage).toBe(asked);
    for (const g of graphs) expect(g).toMatchObject({ dependencies: expect.any(Object), edges: expect.any(Array), workbook_id: expect.any(String), element_id: expect.any(String) });
  });
});
