/** `--keep N`: which runs pruneRuns removes (files, carry index, journal) and which it never touches. */
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneRuns } from "../../src/extract/prune.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-prune-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function touch(...parts: string[]): Promise<void> {
  await mkdir(join(dir, ...parts.slice(0, -1)), { recursive: true });
  await writeFile(join(dir, ...parts), "[]");
}

describe("pruneRuns", () => {
  it("keeps the N newest complete runs and everything newer; removes older runs' files, carry indexes and journals", async () => {
    await touch("100-workbooks.json"); // castor's own run
    await touch("100-summary.json");
    for (const ts of [200, 300]) {
      await touch(`${ts}-workbooks.json`);
      await touch(`${ts}-elements.json`);
      await touch(`${ts}-summary.json`);
      await touch(".sigmactl", "runs", `${ts}.jsonl`);
    }
    await touch("250-workbooks.json"); // interrupted, older than the kept run
    await touch(".sigmactl", "250", "run.json");
    await touch(".sigmactl", "400", "run.json"); // interrupted, newer: resumable, kept
    await touch(".sigmactl", "runs", "50.jsonl"); // index whose files are already gone
    await touch("notes.txt");

    expect(await pruneRuns(dir, 1)).toEqual([50, 100, 200, 250]);
    expect((await readdir(dir)).sort()).toEqual([".sigmactl", "300-elements.json", "300-summary.json", "300-workbooks.json", "notes.txt"]);
    expect(await readdir(join(dir, ".sigmactl", "runs"))).toEqual(["300.jsonl"]);
    expect((await readdir(join(dir, ".sigmactl"))).sort()).toEqual(["400", "runs"]);
    // Nothing more to do, and fewer complete runs than asked keeps everything.
    expect(await pruneRuns(dir, 1)).toEqual([]);
    expect(await pruneRuns(dir, 5)).toEqual([]);
  });
});
