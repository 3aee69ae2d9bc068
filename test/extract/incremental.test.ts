/**
 * Incremental extraction end to end: a full run followed by `--since last` runs gives the
 * same bytes as a full run of the final state (every shape, both formats), unchanged documents
 * cost no request, `--full-every` and `--keep` do what they say, and an earlier run whose files
 * changed is never copied from.
 */
import { appendFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract } from "../../src/extract/index.js";
import { useEmulatorsAndRoot, clientFor, dataFiles, expectSameFiles, readRun } from "./support.js";

const T = 1_700_000_000;
const h = useEmulatorsAndRoot("sigmactl-incremental-");
const emulator = h.emulator;

describe("extract --since last", () => {
  it.each([
    ["real", "castor"],
    ["chaotic", "jsonl"],
  ] as const)("shape %s, format %s: full + incremental runs give the bytes of a full run of the final state", async (shape, format) => {
    const emu = await emulator({ seed: 31, size: "small", shape });
    const dir = join(h.root(), `inc-${shape}-${format}`);
    const full1 = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, format });
    const changed = emu.control.mutateWorkbooks(2);

    const inc = await extract({ client: clientFor(emu), outDir: dir, timestamp: T + 100, format, since: "last" });
    expect(inc.summary.since).toBe(T);
    expect(inc.summary.runs_since_full).toBe(1);
    const wb = inc.summary.documents.workbook!;
    // The changed workbooks, plus those whose earlier run had skipped parts.
    const hadErrors = new Set(full1.summary.errors.filter((e) => e.documentType === "workbook").map((e) => e.documentId));
    expect(wb.fetched).toBe(new Set([...changed, ...hadErrors]).size);
    expect(wb.carried).toBe(wb.listed - wb.fetched);
    expect(inc.summary.changes.updatedAt).toBe(changed.length);
    const fullDir = join(h.root(), `inc-${shape}-${format}-full`);
    await extract({ client: clientFor(emu), outDir: fullDir, timestamp: T + 100, format });
    expectSameFiles(dataFiles(await readRun(dir), T + 100), dataFiles(await readRun(fullDir), T + 100));

    // Nothing changed: carried from a run that was itself mostly carried; only the lists are asked.
    const again = await extract({ client: clientFor(emu), outDir: dir, timestamp: T + 200, format, since: "last" });
    expect(again.summary.documents.workbook!.fetched).toBe(hadErrors.size);
    expect(again.summary.runs_since_full).toBe(2);
    const full2 = join(h.root(), `inc-${shape}-${format}-full2`);
    const reference = await extract({ client: clientFor(emu), outDir: full2, timestamp: T + 200, format });
    expectSameFiles(dataFiles(await readRun(dir), T + 200), dataFiles(await readRun(full2), T + 200));
    expect(again.summary.requests).toBeLessThan(reference.summary.requests / 5);
  });

  it("carried documents keep their warnings: a dataset whose sources Sigma reports archived is reported in every run", async () => {
    // Seed 4's small org has two datasets whose sources answer 409 inode_archived.
    const emu = await emulator({ seed: 4, size: "small" });
    const dir = join(h.root(), "inc-archived");
    const full = await extract({ client: clientFor(emu), outDir: dir, timestamp: T });
    expect(full.summary.archived_sources).toBe(2);
    const inc = await extract({ client: clientFor(emu), outDir: dir, timestamp: T + 1, since: "last" });
    expect(inc.summary.documents.dataset!.carried).toBe(inc.summary.documents.dataset!.listed);
    expect(inc.summary.archived_sources).toBe(2);
    expect(inc.summary.archived).toEqual(full.summary.archived);
    // And from a run that was itself carried.
    const again = await extract({ client: clientFor(emu), outDir: dir, timestamp: T + 2, since: "last" });
    expect(again.summary.archived).toEqual(full.summary.archived);
  });

  it("an interrupted incremental run, resumed, gives the same bytes as a full run", async () => {
    const emu = await emulator({ seed: 41, size: "small" });
    const dir = join(h.root(), "inc-resume");
    await extract({ client: clientFor(emu), outDir: dir, timestamp: T, maxErrors: 1000 });
    emu.control.mutateWorkbooks(8);
    emu.control.setLatency({ ms: 20, jitterMs: 0 });
    const ctl = new AbortController();
    const cut = extract({
      client: clientFor(emu, { signal: ctl.signal }),
      outDir: dir,
      timestamp: T + 10,
      since: "last",
      maxErrors: 1000,
      signal: ctl.signal,
      onProgress: (e) => {
        if (e.type === "tick" && e.documentsDone >= 2) ctl.abort();
      },
    });
    await expect(cut).rejects.toThrow();
    emu.control.setLatency({ ms: 0, jitterMs: 0 });
    const resumed = await extract({ client: clientFor(emu), outDir: dir, resume: true, maxErrors: 1000 });
    expect(resumed.ts).toBe(T + 10);
    expect(resumed.summary.resumed).toBe(true);
    expect(resumed.summary.since).toBe(T);
    expect(resumed.summary.documents.workbook!.carried).toBeGreaterThan(0);
    const fullDir = join(h.root(), "inc-resume-full");
    await extract({ client: clientFor(emu), outDir: fullDir, timestamp: T + 10, maxErrors: 1000 });
    expectSameFiles(dataFiles(await readRun(dir), T + 10), dataFiles(await readRun(fullDir), T + 10));
  });

  it("--full-every N makes every Nth run a full one; --keep N prunes older runs after a complete run", async () => {
    const emu = await emulator({ seed: 7, size: "tiny" });
    const dir = join(h.root(), "every");
    const run = (ts: number, more: Partial<Parameters<typeof extract>[0]> = {}) =>
      extract({ client: clientFor(emu), outDir: dir, timestamp: ts, since: "last", fullEvery: 3, maxErrors: 1000, ...more });
    const kinds: Array<[number | null, number]> = [];
    for (const ts of [T, T + 1, T + 2, T + 3, T + 4]) {
      const r = await run(ts);
      kinds.push([r.summary.since, r.summary.runs_since_full]);
    }
    // full, 2 incremental, full, incremental.
    expect(kinds).toEqual([
      [null, 0],
      [T, 1],
      [T + 1, 2],
      [null, 0],
      [T + 3, 1],
    ]);
    expect(new Set((await readdir(dir)).map((n) => n.split("-")[0]))).toEqual(new Set(["1700000000", "1700000001", "1700000002", "1700000003", "1700000004", ".sigmactl"]));

    await run(T + 5, { keep: 2 });
    const left = new Set((await readdir(dir)).filter((n) => !n.startsWith(".")).map((n) => Number(n.split("-")[0])));
    expect(left).toEqual(new Set([T + 4, T + 5]));
    expect((await readdir(join(dir, ".sigmactl", "runs"))).sort()).toEqual([`${T + 4}.jsonl`, `${T + 5}.jsonl`]);
  });

  it("never copies from an earlier run whose files changed since: it extracts everything instead, and says so", async () => {
    const emu = await emulator({ seed: 7, size: "tiny" });
    const dir = join(h.root(), "tampered");
    const first = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, maxErrors: 1000 });
    await appendFile(join(dir, `${T}-elements.json`), " ");
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (m: string) => warnings.push(m) };
    const next = await extract({ client: clientFor(emu), outDir: dir, timestamp: T + 1, since: "last", maxErrors: 1000, logger });
    expect(next.summary.since).toBeNull();
    expect(warnings.join("\n")).toMatch(/cannot be carried forward .*elements\.json changed since it was written.*extracting everything/);
    expect(next.summary.documents.workbook!.fetched).toBe(first.summary.documents.workbook!.listed);
  });
});
