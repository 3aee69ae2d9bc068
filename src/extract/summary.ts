/**
 * `<ts>-summary.json`: castor's four keys first (`python_version`, `version`, `executed_at`,
 * `host`), so castor consumers read it unchanged, then sigmactl's report of the run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClientStats, DriftLine } from "../client/index.js";
import type { AssembleResult } from "./assemble.js";
import type { AssetName } from "./assets.js";
import { writeFileAtomic } from "../shared/atomic-file.js";
import type { ExtractFileSystem } from "../shared/file-system.js";
import { sortIssues } from "./issues.js";
import type { ExtractIssue } from "./issues.js";
import { pyJsonDumps } from "../shared/py-json.js";
import type { OutputFormat } from "../shared/row-writer.js";

/** The version of sigmactl (from package.json; src/ and dist/ are both two levels down). */
export const SIGMACTL_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
})();

/** The summary file's content. */
export interface ExtractSummary {
  python_version: string;
  version: string;
  executed_at: string;
  host: string;
  tool: "sigmactl";
  format: OutputFormat;
  assets: AssetName[];
  /** Rows written per asset. */
  counts: Partial<Record<AssetName, number>>;
  documents: AssembleResult["documents"];
  requests: number;
  retries: number;
  rate_limited: number;
  server_errors: number;
  token_refreshes: number;
  /** The client's peak since it was created (a peak cannot be split per run). */
  peak_in_flight: number;
  duration_ms: number;
  no_lineage: number;
  /** Parts left out because Sigma reports a source archived (409 inode_archived), as castor logs and skips them; not errors. */
  archived_sources: number;
  /** Those parts, one record each. */
  archived: ExtractIssue[];
  /** Entries (or bodies) that differed from Sigma's OpenAPI document during this run (this attempt on --resume). */
  drift_entries: number;
  /** List entries skipped because they lacked what sigmactl needs (their id). */
  skipped_entries: number;
  /** How they differed, aggregated per (endpoint, field, expected, seen); rows are written as Sigma sent them. */
  drift: DriftLine[];
  duplicates_removed: Partial<Record<AssetName, number>>;
  /** `--since last`: the run carried forward, or null. */
  since: number | null;
  /** True when this run finished an interrupted one (`--resume`); request counters cover this attempt only. */
  resumed: boolean;
  /** True when nothing was skipped. */
  complete: boolean;
  /** Every asset missing rows because of a skipped part (in file order), e.g. pages, elements and lineages for a failed page list. */
  incomplete_assets: AssetName[];
  error_count: number;
  errors: ExtractIssue[];
  warnings: string[];
}

/** `YYYY-MM-DDTHH:MM:SS` in local time, like Python's `datetime.fromtimestamp(ts).isoformat()`. */
export function localIso(ts: number): string {
  const d = new Date(ts * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * What a run added to its client's counters: `now` − `base`. A client may be shared (library
 * users, the demo), so its running totals are not the run's.
 */
export function statsSince(base: ClientStats, now: ClientStats): ClientStats {
  return {
    ...now,
    requests: now.requests - base.requests,
    retries: now.retries - base.retries,
    rateLimited: now.rateLimited - base.rateLimited,
    serverErrors: now.serverErrors - base.serverErrors,
    tokenRefreshes: now.tokenRefreshes - base.tokenRefreshes,
    driftEntries: now.driftEntries - base.driftEntries,
    skippedEntries: now.skippedEntries - base.skippedEntries,
  };
}

/** Builds the summary of a finished run; `stats` are the run's own figures (see statsSince). */
export function buildSummary(args: {
  ts: number;
  host: string;
  format: OutputFormat;
  assets: AssetName[];
  assembled: AssembleResult;
  stats: ClientStats;
  /** The run's share of the client's drift report. */
  drift: DriftLine[];
  durationMs: number;
  since: number | undefined;
  resumed: boolean;
}): ExtractSummary {
  const { assembled: a, stats } = args;
  const errors = sortIssues(a.errors);
  return {
    python_version: `n/a (sigmactl, node ${process.version})`,
    version: SIGMACTL_VERSION,
    executed_at: localIso(args.ts),
    host: args.host,
    tool: "sigmactl",
    format: args.format,
    assets: args.assets,
    counts: a.counts,
    documents: a.documents,
    requests: stats.requests,
    retries: stats.retries,
    rate_limited: stats.rateLimited,
    server_errors: stats.serverErrors,
    token_refreshes: stats.tokenRefreshes,
    peak_in_flight: stats.peakInFlight,
    duration_ms: Math.round(args.durationMs),
    no_lineage: a.noLineage,
    archived_sources: a.archived.length,
    archived: a.archived,
    drift_entries: stats.driftEntries,
    skipped_entries: stats.skippedEntries,
    drift: args.drift,
    duplicates_removed: a.duplicates,
    since: args.since ?? null,
    resumed: args.resumed,
    complete: errors.length === 0,
    incomplete_assets: incompleteAssets(args.assets, errors),
    error_count: errors.length,
    errors,
    warnings: a.warnings,
  };
}

/** The assets named by `errors` (an issue's `asset` lists every asset it cost, comma-separated). */
export function incompleteAssets(assets: readonly AssetName[], errors: readonly ExtractIssue[]): AssetName[] {
  const hit = new Set(errors.flatMap((e) => e.asset.split(",")));
  return assets.filter((a) => hit.has(a));
}

/** Writes `<ts>-summary.json` (castor-style JSON) atomically; returns its path. */
export async function writeSummary(outDir: string, ts: number, summary: ExtractSummary, fs?: ExtractFileSystem): Promise<string> {
  const path = join(outDir, `${ts}-summary.json`);
  await writeFileAtomic(path, pyJsonDumps(summary), { fs });
  return path;
}
