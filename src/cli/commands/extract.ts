/**
 * `sigmactl extract`: castor-extractor compatible metadata extraction (same flags, same
 * environment, same `<ts>-<asset>.json` files) plus sigmactl's extra assets, incremental and
 * resumable runs. Progress on stderr; the result (files and counts) on stdout.
 */
import { setMaxListeners } from "node:events";
import { resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import type { Command } from "commander";
import { AbortedError, AuthenticationError, ConfigError, JobFailedError, LocalIoError } from "../../errors.js";
import { createClientFromOptions, globalOptionsOf, type CliContext } from "../context.js";
import { reportDrift } from "../drift-report.js";
import { createOutput, isInteractive, renderTable } from "../output.js";
import { examples } from "../program.js";
import { ensureDirectory } from "../writable.js";
import { createExtractProgress, seconds } from "./extract-progress.js";

interface ExtractFlags {
  output?: string;
  host?: string;
  clientId?: string;
  apiToken?: string;
  assets?: string;
  format: "castor" | "jsonl";
  since?: "last";
  resume?: boolean;
  maxErrors: number;
  skipPermissionCheck?: boolean;
  timestamp?: number;
  stats?: boolean;
}

/**
 * A child of `signal` that tolerates many listeners: every request queued in the client's
 * limiter listens for abort, and an extraction queues far more than Node's default warning level.
 */
function manyListeners(signal: AbortSignal): AbortSignal {
  const child = new AbortController();
  setMaxListeners(0, child.signal);
  if (signal.aborted) child.abort(signal.reason);
  else signal.addEventListener("abort", () => child.abort(signal.reason), { once: true });
  return child.signal;
}

/** The error of a Ctrl-C'd extraction: the journal stays, so say how to finish the run. */
async function interrupted(outDir: string, shown: string, cause: unknown): Promise<AbortedError> {
  const { Checkpoint } = await import("../../extract/checkpoint.js");
  const [ts] = await Checkpoint.unfinished(outDir).catch(() => []);
  if (ts === undefined) return new AbortedError("interrupted before the extraction started; nothing was written", { cause });
  return new AbortedError(
    `interrupted; run ${ts} is kept unfinished in ${outDir}: finish it with sigmactl extract -o ${shown} --resume`,
    { cause },
  );
}

/** A full disk (or quota, read-only...) mid-run: nothing partial was kept; say how to finish once fixed. */
async function diskFailure(outDir: string, shown: string, err: LocalIoError): Promise<LocalIoError> {
  const { Checkpoint } = await import("../../extract/checkpoint.js");
  const [ts] = await Checkpoint.unfinished(outDir).catch(() => []);
  if (ts === undefined) return err;
  return new LocalIoError({
    message: `${err.message}; no file was left half-written, and run ${ts} is kept unfinished in ${outDir}`,
    code: err.code,
    path: err.path,
    cause: err,
    suggestions: [...err.suggestions, `then finish the run with sigmactl extract -o ${shown} --resume`],
  });
}

/**
 * The error of an extraction stopped by refused credentials (a revoked client, or tokens
 * refused again and again): the journal stays, so say how to finish once the credentials work.
 */
async function authStopped(outDir: string, shown: string, err: AuthenticationError): Promise<AuthenticationError> {
  const { Checkpoint } = await import("../../extract/checkpoint.js");
  const [ts] = await Checkpoint.unfinished(outDir).catch(() => []);
  if (ts === undefined) return err;
  return new AuthenticationError({
    status: err.status,
    code: err.code,
    requestId: err.requestId,
    request: { method: err.method, path: err.path },
    message:
      `${err.apiMessage ?? "the credentials were refused"}; run ${ts} is kept unfinished in ${outDir}: ` +
      `once the credentials work, finish it with sigmactl extract -o ${shown} --resume`,
    cause: err,
  });
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("It must be a whole number, 0 or more.");
  return Number(value);
}

/** Registers `extract`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("extract")
    .summary("extract metadata and lineage to JSON files")
    .description("extract Sigma metadata and lineage to JSON files, castor-extractor compatible (<ts>-<asset>.json + <ts>-summary.json)")
    .option("-o, --output <dir>", "output directory (default: $CASTOR_OUTPUT_DIRECTORY)")
    .option("-H, --host <url>", "Sigma API host, castor style (same as --base-url; default: $CASTOR_SIGMA_HOST)")
    .option("-c, --client-id <id>", "API client id (default: $SIGMA_CLIENT_ID or $CASTOR_SIGMA_CLIENT_ID)")
    .option("-a, --api-token <secret>", "API client secret, castor's name for it (prefer $CASTOR_SIGMA_API_TOKEN or $SIGMA_CLIENT_SECRET)")
    .option("--assets <list>", "comma-separated assets; groups all, default, castor; -name removes one (e.g. default,lineages)")
    .addOption(new Option("--format <format>", "file format").choices(["castor", "jsonl"]).default("castor"))
    .addOption(new Option("--since <run>", "only re-fetch documents changed since the previous run in the directory").choices(["last"]))
    .option("--resume", "finish the interrupted run in the directory (same timestamp, same files)")
    .option("--max-errors <n>", "skipped parts tolerated before exiting 1", nonNegativeInt, 0)
    .option("--skip-permission-check", "admins: also list documents not shared with the API user (skipPermissionCheck)")
    .addOption(new Option("--timestamp <unix>", "fixed run timestamp (testing)").argParser(nonNegativeInt).hideHelp())
    .addOption(new Option("--stats", "add peak memory to the result (benchmarks)").hideHelp())
    .addHelpText(
      "after",
      examples([
        ["sigmactl extract -H https://aws-api.sigmacomputing.com -c $ID -a $SECRET -o ./sigma", "castor's command line, unchanged"],
        ["sigmactl extract --cloud aws-us -o ./sigma --since last", "daily run: only re-fetch what changed"],
        ["sigmactl extract -o ./sigma --resume", "finish a run that was interrupted"],
        ["sigmactl extract -o ./sigma --assets castor --format jsonl", "castor's ten assets only, as JSON Lines"],
      ]) +
        "\nDocuments are fetched --concurrency at a time (default 8). Exit codes: 0 complete, 1 parts skipped (see the summary), 3 usage (or another extraction running in the directory), 4 auth, 5 API/network, 6 disk full or unwritable (finish with --resume once fixed).\n",
    )
    .action(async (flags: ExtractFlags, command: Command) => runExtract(ctx, flags, command));
}

async function runExtract(ctx: CliContext, flags: ExtractFlags, command: Command): Promise<void> {
  const g = globalOptionsOf(command);
  const out = createOutput(ctx, g);
  const env = ctx.env;
  const output = flags.output ?? env.CASTOR_OUTPUT_DIRECTORY;
  if (!output) throw new ConfigError("missing output directory: pass -o/--output or set CASTOR_OUTPUT_DIRECTORY");
  if (flags.resume && flags.timestamp !== undefined) throw new ConfigError("--resume continues an existing run: it cannot take --timestamp");

  // castor's flags and CASTOR_SIGMA_* fill in whatever sigmactl's own flags and SIGMA_* leave unset.
  const castorEnv: Record<string, string | undefined> = { ...env };
  if (!env.SIGMA_BASE_URL && !env.SIGMA_CLOUD && env.CASTOR_SIGMA_HOST) castorEnv.SIGMA_BASE_URL = env.CASTOR_SIGMA_HOST;
  if (!env.SIGMA_CLIENT_ID && env.CASTOR_SIGMA_CLIENT_ID) castorEnv.SIGMA_CLIENT_ID = env.CASTOR_SIGMA_CLIENT_ID;
  if (!env.SIGMA_CLIENT_SECRET && !env.SIGMA_CLIENT_SECRET_FILE && env.CASTOR_SIGMA_API_TOKEN) castorEnv.SIGMA_CLIENT_SECRET = env.CASTOR_SIGMA_API_TOKEN;
  const merged = {
    ...g,
    baseUrl: g.baseUrl ?? (g.cloud ? undefined : flags.host),
    clientId: g.clientId ?? flags.clientId,
    clientSecret: g.clientSecret ?? (g.clientSecretFile ? undefined : flags.apiToken),
    concurrency: g.concurrency ?? 8,
  };
  let client;
  try {
    client = createClientFromOptions(merged, { ...ctx, env: castorEnv }, { logger: out.logger, signal: manyListeners(ctx.signal) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(err.message, {
      cause: err,
      suggestions: [...err.suggestions, "castor's flags work too: -H/--host, -c/--client-id, -a/--api-token, or CASTOR_SIGMA_HOST, CASTOR_SIGMA_CLIENT_ID, CASTOR_SIGMA_API_TOKEN"],
    });
  }
  const { extract } = await import("../../extract/index.js");

  const outDir = resolve(ctx.cwd, output);
  // Bounded, and before any request: a bad -o fails in a second (Node's recursive mkdir hangs under /proc).
  await ensureDirectory(outDir, flags.output ? "-o/--output" : "CASTOR_OUTPUT_DIRECTORY");
  const view = createExtractProgress(ctx, out, { interactive: isInteractive(ctx), quiet: g.quiet });
  let result;
  try {
    result = await extract({
      client,
      outDir,
      assets: flags.assets,
      format: flags.format,
      concurrency: merged.concurrency,
      since: flags.since,
      resume: flags.resume,
      timestamp: flags.timestamp,
      maxErrors: flags.maxErrors,
      skipPermissionCheck: flags.skipPermissionCheck,
      onProgress: (e) => view.onEvent(e),
      logger: out.logger,
      signal: ctx.signal,
    });
  } catch (err) {
    view.stop();
    if (ctx.signal.aborted) throw await interrupted(outDir, output, err);
    if (err instanceof LocalIoError) throw await diskFailure(outDir, output, err);
    if (err instanceof AuthenticationError) throw await authStopped(outDir, output, err);
    throw err;
  } finally {
    view.stop();
  }
  const s = result.summary;
  const value = {
    ts: result.ts,
    outDir,
    summary: result.summaryPath,
    files: result.files.map((f) => ({ asset: f.asset, file: f.path, rows: f.rows, bytes: f.bytes })),
    counts: s.counts,
    documents: s.documents,
    requests: s.requests,
    retries: s.retries,
    rateLimited: s.rate_limited,
    noLineage: s.no_lineage,
    archivedSources: s.archived_sources,
    driftEntries: s.drift_entries,
    skippedEntries: s.skipped_entries,
    drift: s.drift,
    durationMs: s.duration_ms,
    errors: s.error_count,
    complete: s.complete,
    ok: result.ok,
    ...(flags.stats ? { peakRssBytes: process.resourceUsage().maxRSS * 1024 } : {}),
  };
  out.result(value, () => {
    const rows = result.files.map((f) => [f.asset, f.rows]);
    const lines = [
      `Extracted ${result.files.length} assets to ${outDir} (run ${result.ts}):`,
      renderTable(["ASSET", "ROWS"], rows, out.colors).trimEnd(),
      `summary: ${result.summaryPath}`,
      `${s.requests} requests · ${s.retries} retries · ${s.rate_limited} rate-limited · ${seconds(s.duration_ms)}` +
        (s.since !== null ? ` · carried forward from run ${s.since}` : ""),
    ];
    if (s.error_count > 0) lines.push(`${s.error_count} part(s) skipped: see "errors" in the summary`);
    if (s.drift_entries > 0 || s.skipped_entries > 0) {
      lines.push(`${s.drift_entries} entries differed from Sigma's API document, ${s.skipped_entries} skipped without an id: see "drift" in the summary`);
    }
    // Beside the errors, so a graph that is missing is always accounted for (lineages asked =
    // graphs written + "no lineage" + skipped parts).
    if (s.archived_sources > 0) {
      lines.push(`${s.archived_sources} part(s) left out because Sigma reports a source archived (409 inode_archived, as castor skips them): "archived" in the summary`);
    }
    if (s.no_lineage > 0) lines.push(`${s.no_lineage} element(s) without a lineage graph (Sigma's "no lineage" answer, asked twice): "no_lineage" in the summary`);
    return `${lines.join("\n")}\n`;
  });
  reportDrift(out, s.drift);
  if (!result.ok) {
    const first = s.errors.slice(0, 3).map((e) => `${e.asset}${e.documentId ? ` of ${e.documentType} ${e.documentId}` : ""}: ${e.status ?? e.error}`);
    throw new JobFailedError(
      `${s.error_count} part(s) skipped (more than --max-errors ${flags.maxErrors}): ${first.join("; ")}${s.error_count > 3 ? "; ..." : ""}`,
    );
  }
}
