/**
 * `sigmactl upload`: castor-upload compatible (same flags, same CASTOR_UPLOADER_* environment,
 * same ingest paths) with retries, and with `-d` sending only the newest extraction run
 * unless `--all` is given. The Catalog token is never printed.
 */
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { AbortedError, JobFailedError, SigmaApiError, SigmaConnectionError, UserError } from "../../errors.js";
import { registerSecret } from "../../redact.js";
import { globalOptionsOf, type CliContext } from "../context.js";
import { createOutput } from "../output.js";
import { renderTable } from "../table.js";
import { examples } from "../program.js";

interface UploadCliFlags {
  token?: string;
  source_id?: string;
  file_type?: string;
  file_path?: string;
  directory_path?: string;
  zone?: string;
  ingestUrl?: string;
  all?: boolean;
  allowIncomplete?: boolean;
}

/** Registers `upload`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("upload")
    .summary("upload extraction files to Coalesce Catalog")
    .description("upload extraction files to Coalesce Catalog (castor-upload compatible: multipart POST per file to the ingest proxy)")
    .option("-k, --token <token>", "Catalog API token (prefer $CASTOR_UPLOADER_TOKEN)")
    .option("-s, --source_id <uuid>", "Catalog source id (default: $CASTOR_UPLOADER_SOURCE_ID)")
    .option("-t, --file_type <type>", "VIZ (Sigma extractions), WAREHOUSE, DBT or QUALITY (default: $CASTOR_UPLOADER_FILE_TYPE)")
    .option("-f, --file_path <file>", "upload one file (default: $CASTOR_UPLOADER_FILE_PATH)")
    .option("-d, --directory_path <dir>", "upload the newest extraction run in a directory (default: $CASTOR_UPLOADER_DIRECTORY_PATH)")
    .option("-z, --zone <zone>", "Catalog zone: EU (default) or US (default: $CASTOR_UPLOADER_ZONE)")
    .option("--ingest-url <url>", "send to this ingest base URL instead of the zone's host (tests, proxies)")
    .option("--all", "with -d: upload every file of the directory, as castor-upload does")
    .option("--allow-incomplete", "with -d: upload the run even when it has no summary or its summary says parts were skipped")
    .addHelpText(
      "after",
      examples([
        ["sigmactl upload -k $TOKEN -s $SOURCE -t VIZ -d ./sigma", "upload the newest `sigmactl extract` run"],
        ["sigmactl upload -t VIZ -d ./sigma -z US --json", "US zone, token and source from CASTOR_UPLOADER_*"],
        ["sigmactl upload -t VIZ -f ./sigma/1700000000-workbooks.json", "one file"],
      ]) + "\nRetries timeouts, connection errors, 429 and 5xx with backoff. Exit codes: 0 all uploaded, 1 some failed (or -d found an incomplete run: see --allow-incomplete), 3 usage, 4 token refused, 5 ingest host unreachable or redirecting.\n",
    )
    .action(async (flags: UploadCliFlags, command: Command) => runUpload(ctx, flags, command));
}

async function runUpload(ctx: CliContext, flags: UploadCliFlags, command: Command): Promise<void> {
  const g = globalOptionsOf(command);
  const out = createOutput(ctx, g);
  const { resolveUploadConfig, selectFiles, upload } = await import("../../catalog/index.js");
  const config = resolveUploadConfig(
    {
      token: flags.token,
      sourceId: flags.source_id,
      fileType: flags.file_type,
      filePath: flags.file_path,
      directoryPath: flags.directory_path,
      zone: flags.zone,
      ingestUrl: flags.ingestUrl,
    },
    ctx.env,
  );
  registerSecret(config.token);
  let files: string[];
  let skipped: Array<{ file: string; reason: string }> = [];
  let runTs: number | undefined;
  if (config.filePath) {
    const file = resolve(ctx.cwd, config.filePath);
    if (!(await stat(file).then((st) => st.isFile(), () => false))) throw new UserError(`no such file: ${file}`);
    files = [file];
  } else {
    const selection = await selectFiles(resolve(ctx.cwd, config.directoryPath!), { all: flags.all === true });
    files = selection.files;
    skipped = selection.skipped;
    runTs = selection.runTs;
    if (selection.incomplete !== undefined) {
      // A partial run would replace the catalog's view with one missing rows: refused unless asked.
      if (flags.allowIncomplete !== true) {
        throw new JobFailedError(
          `not uploading run ${runTs} of ${config.directoryPath}: ${selection.incomplete}; nothing was sent (pass --allow-incomplete to upload it anyway)`,
        );
      }
      out.warn(`uploading run ${runTs} although ${selection.incomplete} (--allow-incomplete)`);
    }
    if (skipped.length > 0) {
      out.info(`upload: skipping ${skipped.length} file(s) (pass --all to upload every file):`);
      for (const line of skippedLines(skipped)) out.info(`  ${line}`);
    }
  }
  if (files.length === 0) out.warn("nothing to upload");
  let sent = 0;
  const report = await upload({
    token: config.token,
    sourceId: config.sourceId,
    fileType: config.fileType,
    files,
    zone: config.zone,
    ingestUrl: config.ingestUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger: {
      info: (m) => {
        if (m.startsWith("Uploaded ")) sent++;
        out.info(m);
      },
      warn: (m) => out.warn(m),
    },
    signal: ctx.signal,
  }).catch((err: unknown) => {
    if (!ctx.signal.aborted) throw err;
    // Each file is one request: those already sent are in the catalog, the rest are not.
    throw new AbortedError(`interrupted after ${sent} of ${files.length} file(s); run the same command again to send them all`, { cause: err });
  });
  out.result(
    { ingest: report.ingest, fileType: config.fileType, runTs: runTs ?? null, uploaded: report.uploaded, skipped, failed: report.failed },
    () => {
      // Every object of one upload shares its folder (`visualization-<source id>/`): say it once.
      const folder = [...report.uploaded, ...report.failed][0]?.objectPath.replace(/[^/]*$/, "") ?? "";
      const rows = [
        ...report.uploaded.map((u) => [basename(u.objectPath), u.bytes, "uploaded"]),
        ...report.failed.map((f) => [basename(f.objectPath), null, `failed: ${f.error}`]),
      ];
      const head = `${report.uploaded.length} of ${files.length} file(s) uploaded to ${report.ingest.replace(/\/+$/, "")}/${folder} as ${config.fileType}`;
      return `${head}\n${rows.length > 0 ? renderTable(["FILE", "BYTES", "RESULT"], rows, out.colors) : ""}`;
    },
  );
  const unreachable = report.failed.find((f) => f.unreachable);
  if (unreachable) {
    const done = report.uploaded.length > 0 ? `; ${report.uploaded.length} file(s) were uploaded before` : "";
    throw new SigmaConnectionError({
      request: { method: "POST", path: `/${unreachable.objectPath}` },
      message: `cannot reach the ingest host ${new URL(report.ingest).host}: ${unreachable.error.replace(/^POST \S+: /, "")}; ${files.length - report.uploaded.length} of ${files.length} file(s) not uploaded${done}`,
      neverSent: true,
    });
  }
  const redirected = report.failed.find((f) => f.redirect);
  if (redirected?.redirect) {
    const done = report.uploaded.length > 0 ? `; ${report.uploaded.length} file(s) were uploaded before` : "";
    throw SigmaApiError.from({
      status: redirected.redirect.status,
      message: `${redirected.error}; ${files.length - report.uploaded.length} of ${files.length} file(s) not uploaded${done}`,
      request: { method: "POST", path: `/${redirected.objectPath}` },
    });
  }
  if (report.failed.length > 0) {
    throw new JobFailedError(`${report.failed.length} of ${files.length} file(s) failed to upload: ${report.failed.map((f) => f.file).join(", ")}`);
  }
}

/** Names listed per group before "and N more". */
const NAMES_SHOWN = 3;

/**
 * One line per run left out (`run <ts> (<n> file(s)): <reason>`), and one per reason for the
 * files outside any run, naming a few: a directory of 30 nightly runs must not print 300 lines.
 * `--json` keeps every file.
 */
export function skippedLines(skipped: ReadonlyArray<{ file: string; reason: string; run?: number | undefined }>): string[] {
  const runs = new Map<number, { count: number; reason: string }>();
  const loose = new Map<string, string[]>();
  for (const s of skipped) {
    if (s.run !== undefined) {
      const r = runs.get(s.run) ?? { count: 0, reason: s.reason };
      r.count += 1;
      runs.set(s.run, r);
    } else loose.set(s.reason, [...(loose.get(s.reason) ?? []), s.file]);
  }
  const lines = [...runs].sort(([a], [b]) => b - a).map(([ts, r]) => `run ${ts} (${r.count} file(s)): ${r.reason}`);
  for (const [reason, files] of loose) {
    const more = files.length > NAMES_SHOWN ? ` and ${files.length - NAMES_SHOWN} more` : "";
    lines.push(`${files.length} file(s), ${reason}: ${files.slice(0, NAMES_SHOWN).join(", ")}${more}`);
  }
  return lines;
}
