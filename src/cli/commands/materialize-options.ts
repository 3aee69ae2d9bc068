/**
 * Flags of `sigmactl materialize` (and its `wait`/`status` subcommands) turned into the job's
 * options, plus writing the result document. Helper module: no `register`.
 */
import { rename, unlink, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { UserError } from "../../errors.js";
import { parseDuration, parsePollInterval } from "../../materialize/duration.js";
import type { WaitOptions } from "../../materialize/options.js";
import { defaultStatePath } from "../../materialize/state-file.js";
import type { MaterializeResult } from "../../materialize/types.js";
import type { CliContext } from "../context.js";
import { formatJson } from "../output.js";
import { checkWritableFile, ensureDirectory } from "../writable.js";

/** Flags shared by `materialize`, `materialize wait` and `materialize status`. */
export interface WaitFlags {
  timeout?: string;
  jobTimeout?: string;
  pollInterval?: string;
  output?: string;
  stateFile?: string;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Declares the flags every materialize (sub)command accepts. */
export function addWaitFlags(cmd: Command, what: "run" | "wait" | "status"): Command {
  if (what !== "status") {
    cmd
      .addOption(new Option("--timeout <duration>", "stop waiting after this long for the whole run, e.g. 90s, 30m, 2h").default("1h", "1h"))
      .option("--job-timeout <duration>", "stop waiting for any one job after this long (default: --timeout)")
      .option("--poll-interval <min[:max]>", "status polling interval: starts at MIN, grows ×1.5 up to MAX (default: 1s:15s)");
  }
  return cmd
    .option(
      "--output <file>",
      what === "wait"
        ? "also write the JSON result to FILE (default: the result file given as the only input, so `--retry-failed` on it sees what `wait` saw)"
        : "also write the JSON result to FILE, the input of `wait` and `--retry-failed` (default: none)",
    )
    .option(
      "--state-file <file>",
      "where started jobs are remembered, so a rerun attaches to them (default: $SIGMACTL_STATE_DIR/materialize-state.json or ~/.local/state/sigmactl/materialize-state.json)",
    );
}

const WAIT_KEYS = ["timeout", "jobTimeout", "pollInterval", "output", "stateFile"] as const;

/**
 * The flags of `materialize wait|status`. Commander hands a flag that both `materialize` and
 * the subcommand declare (--output, --timeout...) to `materialize` even when it is written
 * after `wait`, so those are taken from the parent when the user gave them there; the
 * parent's own flags (--workbook, --dry-run...) make no sense here and are refused.
 * @throws UserError naming the misplaced flag
 */
export function followFlags(command: Command, own: WaitFlags): WaitFlags {
  const parent = command.parent;
  if (!parent) return own;
  const flags: WaitFlags = { ...own };
  for (const key of WAIT_KEYS) {
    if (command.getOptionValueSource(key) !== "cli" && parent.getOptionValueSource(key) === "cli") {
      flags[key] = parent.getOptionValue(key) as string;
    }
  }
  for (const option of parent.options) {
    const key = option.attributeName();
    if ((WAIT_KEYS as readonly string[]).includes(key) || parent.getOptionValueSource(key) !== "cli") continue;
    throw new UserError(`${option.long ?? option.flags} is an option of \`sigmactl materialize\`, not of \`materialize ${command.name()}\``, {
      suggestions: [`see \`sigmactl materialize ${command.name()} --help\``],
    });
  }
  return flags;
}

/** The state file path from the flag or the environment. */
export function statePathOf(flags: WaitFlags, ctx: CliContext): string {
  return flags.stateFile ? resolve(ctx.cwd, flags.stateFile) : defaultStatePath(ctx.env);
}

/** Converts the shared flags into WaitOptions (UserError on bad durations). */
export function waitOptionsOf(flags: WaitFlags, ctx: CliContext, host: string): WaitOptions {
  const timeoutMs = parseDuration(flags.timeout ?? "1h", "--timeout");
  return {
    timeoutMs,
    jobTimeoutMs: flags.jobTimeout === undefined ? undefined : parseDuration(flags.jobTimeout, "--job-timeout"),
    pollInterval: flags.pollInterval === undefined ? undefined : parsePollInterval(flags.pollInterval),
    stateFile: statePathOf(flags, ctx),
    host,
    signal: ctx.signal,
  } satisfies WaitOptions;
}

/** Fails fast, before anything is triggered, when `--output FILE` could not be written at the end. */
export async function checkOutputFile(flags: WaitFlags, ctx: CliContext): Promise<void> {
  if (flags.output) await checkWritableFile(resolve(ctx.cwd, flags.output), "--output");
}

/** Writes the result document to `--output FILE` (temp file + rename, so readers never see half of it). */
export async function writeResultFile(flags: WaitFlags, ctx: CliContext, result: MaterializeResult | Record<string, unknown>): Promise<void> {
  if (!flags.output) return;
  const file = resolve(ctx.cwd, flags.output);
  await ensureDirectory(dirname(file), "--output");
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, formatJson(result));
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new UserError(`--output ${file}: cannot write the result (${(err as { code?: string }).code ?? (err as Error).message})`);
  }
}
