/**
 * Finds the extraction run to read in a directory (the newest one with a summary, or the one
 * asked for) and streams its asset files with the extractor's own row readers. A file the run
 * lacks reads as "missing" so the graph can degrade instead of failing.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { RowFileError, readRows } from "../shared/row-reader.js";
import { assetFileName } from "../shared/row-writer.js";
import { indexRuns } from "../shared/run-index.js";
import type { OutputFormat } from "../shared/row-writer.js";
import type { RunInfo } from "./model.js";

/** A run of `sigmactl extract` (or castor-extractor) in a directory. */
export interface ExtractionRun extends RunInfo {
  dir: string;
  /** Asset names that have a file in this run. */
  assets: ReadonlySet<string>;
  /** True when `<ts>-summary.json` exists. */
  hasSummary: boolean;
  /** Parts the summary says were skipped. */
  errorCount: number;
}


interface SummaryShape {
  format?: OutputFormat;
  complete?: boolean;
  error_count?: number;
}

/** Locates the run to read: `run` when given, else the newest run of `dir` that has a summary. */
export async function locateRun(dir: string, run?: number): Promise<ExtractionRun> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such directory" : code === "ENOTDIR" ? "not a directory" : "cannot read directory";
    throw new UserError(`${why}: ${dir}`, { cause: err, suggestions: ["pass the directory `sigmactl extract -o DIR` wrote to, with -d DIR"] });
  }
  const index = indexRuns(names);
  const runs = new Map([...index.runs].map(([ts, list]) => [ts, new Map(list.map((f) => [f.asset, f.ext] as const))]));
  const withSummary = index.complete;
  const newest = index.newest;
  let ts: number;
  if (run !== undefined) {
    if (!runs.has(run)) {
      throw new UserError(`no run ${run} in ${dir}`, {
        suggestions: newest.length > 0 ? [`runs in the directory: ${newest.slice(0, 10).join(", ")}`] : ["extract into the directory first"],
      });
    }
    ts = run;
  } else if (withSummary[0] !== undefined) {
    ts = withSummary[0];
  } else {
    const suggestions =
      newest[0] !== undefined
        ? [`run ${newest[0]} has no summary (interrupted or still running): finish it (extract with \`resume\`), or read it anyway (\`run\` ${newest[0]})`]
        : ["run `sigmactl extract -o DIR` first"];
    throw new UserError(`no complete extraction run in ${dir}`, { suggestions });
  }

  const files = runs.get(ts)!;
  let summary: SummaryShape = {};
  if (files.has("summary")) {
    try {
      summary = JSON.parse(await readFile(join(dir, `${ts}-summary.json`), "utf8")) as SummaryShape;
    } catch (err) {
      throw new UserError(`${join(dir, `${ts}-summary.json`)}: not a readable summary (${(err as Error).message})`, { cause: err });
    }
  }
  // castor's summaries have no format: its files are always JSON arrays.
  const jsonl = [...files.entries()].filter(([a, ext]) => a !== "summary" && ext === "jsonl").length;
  const format: OutputFormat = summary.format ?? (jsonl > 0 ? "jsonl" : "castor");
  const errorCount = typeof summary.error_count === "number" ? summary.error_count : 0;
  const hasSummary = files.has("summary");
  const assets = new Set([...files.entries()].filter(([a, ext]) => a !== "summary" && ext === (format === "castor" ? "json" : "jsonl")).map(([a]) => a));
  return { dir, ts, format, assets, hasSummary, errorCount, complete: hasSummary && summary.complete !== false && errorCount === 0 };
}

/** A row of an asset file (Sigma's payload plus the keys the extractor adds). */
export type Row = Record<string, unknown>;

/** Reads every row of `asset` (undefined when the run has no such file). */
export async function readAsset(run: ExtractionRun, asset: string): Promise<Row[] | undefined> {
  if (!run.assets.has(asset)) return undefined;
  const path = join(run.dir, assetFileName(run.ts, asset, run.format));
  const out: Row[] = [];
  try {
    for await (const row of readRows(path, run.format)) {
      if (row !== null && typeof row === "object" && !Array.isArray(row)) out.push(row as Row);
    }
  } catch (err) {
    if (err instanceof RowFileError || err instanceof SyntaxError) {
      throw new UserError(`${path}: not a readable extraction file (${err.message})`, { cause: err });
    }
    throw err;
  }
  return out;
}

/** `value` as a string, or undefined when it is not a non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `value` as an array of strings (other items dropped), or [] when it is not an array. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}
