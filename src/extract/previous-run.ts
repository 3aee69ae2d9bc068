/**
 * `--since last`: finds the newest finished sigmactl run in the output directory (what is
 * carried from it, and how, is in change-plan.ts and carry-index.ts).
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { OutputFormat } from "../shared/row-writer.js";

/** What is needed from an earlier run. */
export interface PreviousRun {
  ts: number;
  dir: string;
  format: OutputFormat;
  assets: ReadonlySet<string>;
  /** `kind:id` of documents that had errors then (always fetched again). */
  failed: ReadonlySet<string>;
}

interface SummaryShape {
  tool?: string;
  format?: OutputFormat;
  assets?: string[];
  errors?: Array<{ documentType?: string; documentId?: string }>;
}

/** The newest finished sigmactl run in `dir` older than `beforeTs` (or exactly `only`), if any. */
export async function findPreviousRun(dir: string, beforeTs: number, only?: number): Promise<PreviousRun | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const runs = names
    .map((n) => /^(\d+)-summary\.json$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((ts) => (only === undefined ? ts < beforeTs : ts === only))
    .sort((a, b) => b - a);
  for (const ts of runs) {
    let s: SummaryShape;
    try {
      s = JSON.parse(await readFile(join(dir, `${ts}-summary.json`), "utf8")) as SummaryShape;
    } catch {
      continue;
    }
    // castor's own runs lack the keys this needs: skip them.
    if (s.tool !== "sigmactl" || !s.format || !Array.isArray(s.assets)) continue;
    const failed = new Set((s.errors ?? []).filter((e) => e.documentId).map((e) => `${e.documentType}:${e.documentId}`));
    return { ts, dir, format: s.format, assets: new Set(s.assets), failed };
  }
  return undefined;
}
