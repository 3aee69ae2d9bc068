/**
 * The runs of an extraction directory, from file names alone: every run's files are
 * `<ts>-<asset>.json` or `.jsonl` (castor's naming), and a run is complete once its
 * `<ts>-summary.json` exists. Shared by upload (which run to send) and lineage (which to read).
 */

const RUN_FILE = /^(\d+)-([A-Za-z0-9_.-]+)\.(json|jsonl)$/;

/** One file of a run, parsed from its name. */
export interface RunFile {
  name: string;
  ts: number;
  asset: string;
  ext: "json" | "jsonl";
}

/** The runs found among `names`, by timestamp; names that are not run files are returned apart. */
export interface RunIndex {
  runs: Map<number, RunFile[]>;
  others: string[];
  /** Timestamps, newest first. */
  newest: number[];
  /** Timestamps of runs with a summary, newest first. */
  complete: number[];
}

/** Groups file names into extraction runs. */
export function indexRuns(names: readonly string[]): RunIndex {
  const runs = new Map<number, RunFile[]>();
  const others: string[] = [];
  for (const name of names) {
    const m = RUN_FILE.exec(name);
    if (!m) {
      others.push(name);
      continue;
    }
    const ts = Number(m[1]);
    const files = runs.get(ts) ?? [];
    files.push({ name, ts, asset: m[2]!, ext: m[3] as "json" | "jsonl" });
    runs.set(ts, files);
  }
  const newest = [...runs.keys()].sort((a, b) => b - a);
  const complete = newest.filter((ts) => runs.get(ts)!.some((f) => f.asset === "summary" && f.ext === "json"));
  return { runs, others, newest, complete };
}
