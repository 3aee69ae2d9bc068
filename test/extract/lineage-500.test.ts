/**
 * Element lineage under injected 500s: Sigma's "no lineage" answer is a 500 too, so the client
 * retries a 500 there once; every graph asked for is written, counted as "no lineage" or
 * recorded as an error. Without the retry, 10% injected 500s turned ~10% of graphs into
 * "no lineage"; with it, about 1% (two 500s in a row).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/index.js";
import { extract } from "../../src/extract/index.js";
import { clientFor, rows } from "./support.js";

const T = 1_700_000_000;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-lineage-500-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(name: string, faults?: string) {
  const emu = await createEmulator({ seed: 11, size: "small", listen: true, log: () => {}, faults });
  try {
    const dir = join(root, name);
    const res = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, assets: "workbooks,elements,lineages", maxErrors: 1_000_000 });
    const graphs = await rows(dir, T, "lineages");
    const lineageErrors = res.summary.errors.filter((e) => e.asset.split(",").includes("lineages")).length;
    return { graphs: graphs.length, noLineage: res.summary.no_lineage, lineageErrors };
  } finally {
    await emu.close();
  }
}

describe("element lineage under 10% injected 500s", () => {
  it("accounts for every graph asked for and keeps the 500s misread as 'no lineage' near 1%", async () => {
    const clean = await run("clean");
    const faulty = await run("faulty", "500@/v2/workbooks=0.1");
    const asked = clean.graphs + clean.noLineage + clean.lineageErrors;
    expect(clean.lineageErrors).toBe(0);
    expect(asked).toBeGreaterThan(200);
    // Nothing vanishes: each graph asked for is written, counted as "no lineage", or an error.
    expect(faulty.graphs + faulty.noLineage + faulty.lineageErrors).toBe(asked);
    // Graphs lost to two 500s in a row are visible as extra "no lineage" answers: about 1% of
    // the graphs (10% × 10%), never the ~10% of a client that does not retry.
    const misread = faulty.noLineage - clean.noLineage;
    expect(misread).toBeGreaterThanOrEqual(0);
    expect(misread).toBeLessThan(0.04 * clean.graphs);
  });
});
