/**
 * Which files of a directory to upload. castor uploads every file it finds; sigmactl by
 * default uploads only the newest complete extraction run (`<ts>-*.json[l]` whose
 * `<ts>-summary.json` exists) and reports everything it left out.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { indexRuns } from "../shared/run-index.js";

/** A file left out, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
  /** The extraction run the file belongs to, when it was left out with its whole run. */
  run?: number | undefined;
}

/** The selection made in a directory. */
export interface FileSelection {
  files: string[];
  skipped: SkippedFile[];
  /** The run chosen (undefined with `all`). */
  runTs?: number | undefined;
  /** False when no run in the directory has a summary, so the newest (possibly partial) one was taken. */
  complete: boolean;
  /**
   * Why the chosen run must not be uploaded as if whole: it has no summary (interrupted or
   * still running), or its summary says parts were skipped. Undefined for a complete run.
   */
  incomplete?: string | undefined;
}

/** What a run's summary says about its completeness (castor's summaries say nothing: complete). */
async function summaryProblem(path: string): Promise<string | undefined> {
  let s: { complete?: unknown; error_count?: unknown; incomplete_assets?: unknown; errors?: unknown };
  try {
    s = JSON.parse(await readFile(path, "utf8")) as typeof s;
  } catch (err) {
    return `its summary ${path} cannot be read (${(err as Error).message})`;
  }
  if (s === null || typeof s !== "object" || s.complete !== false) return undefined;
  const n = typeof s.error_count === "number" ? s.error_count : Array.isArray(s.errors) ? s.errors.length : undefined;
  const assets = Array.isArray(s.incomplete_assets) && s.incomplete_assets.length > 0 ? `; rows missing from ${s.incomplete_assets.join(", ")}` : "";
  return `its summary says it is incomplete (${n === undefined ? "parts" : `${n} part(s)`} skipped${assets})`;
}

/** Picks the files to upload from `dir`; see the module comment. */
export async function selectFiles(dir: string, opts: { all?: boolean } = {}): Promise<FileSelection> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new UserError(`cannot read directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const names = entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const skipped: SkippedFile[] = [];
  const candidates: string[] = [];
  for (const n of names) {
    // Leftovers of an interrupted write are never meant for anyone.
    if (n.includes(".tmp-")) skipped.push({ file: n, reason: "temporary file of an interrupted write" });
    else candidates.push(n);
  }
  if (opts.all) return { files: candidates.map((n) => join(dir, n)), skipped, complete: true };

  const index = indexRuns(candidates);
  for (const n of index.others) skipped.push({ file: n, reason: "not an extraction file (<ts>-<asset>.json)" });
  if (index.runs.size === 0) {
    throw new UserError(`no extraction files (<ts>-<asset>.json) in ${dir}`, {
      suggestions: ["extract into the directory first, or pass `all` to upload every file"],
    });
  }
  const runs = new Map([...index.runs].map(([ts, files]) => [ts, files.map((f) => f.name)]));
  const complete = index.complete;
  const chosen = complete[0] ?? index.newest[0]!;
  for (const [ts, files] of runs) {
    if (ts === chosen) continue;
    const why = ts > chosen ? "run has no summary (incomplete or still running)" : `older run than ${chosen}`;
    for (const f of files) skipped.push({ file: f, reason: why, run: ts });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const incomplete =
    complete.length === 0 ? "it has no summary (interrupted, still running or failed)" : await summaryProblem(join(dir, `${chosen}-summary.json`));
  return { files: runs.get(chosen)!.map((n) => join(dir, n)), skipped, runTs: chosen, complete: complete.length > 0, incomplete };
}
