/**
 * `--keep N`: after a complete run, deletes every run of the output directory older than the
 * Nth newest complete one (their `<ts>-*` files, carry index and any unfinished journal). Runs
 * are found by src/shared/run-index.ts (file names alone), so castor's own runs count too.
 * Nothing newer than the oldest kept run is touched, so an interrupted newer run survives.
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { indexRuns } from "../shared/run-index.js";
import { carryIndexPath } from "./carry-index.js";
import { Checkpoint } from "./checkpoint.js";

/** Prunes `dir` to its `keep` newest complete runs; returns the timestamps removed, oldest first. */
export async function pruneRuns(dir: string, keep: number): Promise<number[]> {
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`keep must be 1 or more, got ${keep}`);
  const idx = indexRuns(await readdir(dir));
  const oldestKept = idx.complete[keep - 1];
  if (oldestKept === undefined) return [];
  const older = new Set(idx.newest.filter((ts) => ts < oldestKept));
  // Carry indexes and journals of runs whose files are already gone are older runs too.
  for (const ts of await numericNames(join(dir, ".sigmactl", "runs"), ".jsonl")) if (ts < oldestKept) older.add(ts);
  for (const ts of await Checkpoint.unfinished(dir)) if (ts < oldestKept) older.add(ts);
  const removed = [...older].sort((a, b) => a - b);
  for (const ts of removed) {
    await Promise.all((idx.runs.get(ts) ?? []).map((f) => rm(join(dir, f.name), { force: true })));
    await rm(carryIndexPath(dir, ts), { force: true });
    await rm(Checkpoint.dirFor(dir, ts), { recursive: true, force: true });
  }
  return removed;
}

async function numericNames(dir: string, suffix: string): Promise<number[]> {
  try {
    return (await readdir(dir)).filter((n) => new RegExp(`^\\d+${suffix.replace(".", "\\.")}$`).test(n)).map((n) => Number.parseInt(n, 10));
  } catch {
    return [];
  }
}
