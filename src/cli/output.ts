/**
 * Output conventions of every command: stdout carries only the result (a JSON document with
 * --json, human text otherwise) so it can be piped; progress, logs and warnings go to stderr.
 * Everything written passes through redact(). Colours follow NO_COLOR / FORCE_COLOR and TTY-ness.
 */
import pc from "picocolors";
import { redact } from "../redact.js";
import { buildEnvelope, reportOf, type RunEnd } from "./json-envelope.js";
import { createLogger } from "../client/logger.js";
import type { Logger, LogLevel } from "../client/logger.js";
import type { CliContext } from "./context.js";

/** A picocolors palette (possibly with colours disabled). */
export type Colors = ReturnType<typeof pc.createColors>;

/** How chatty stderr is: quiet = warnings and errors only, verbose = adds debug lines. */
export interface OutputOptions {
  json?: boolean | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
}

/** The per-command printer: one result on stdout, everything else on stderr. */
export interface Output {
  readonly json: boolean;
  /** The stderr logger (level from --quiet/--verbose); pass it to the client and the jobs. */
  readonly logger: Logger;
  /** Colours for stdout text (disabled when stdout is not a TTY or NO_COLOR is set). */
  readonly colors: Colors;
  /** Colours for stderr text. */
  readonly errColors: Colors;
  /**
   * The command's result: with --json its fields go into the one envelope run.ts prints at the
   * end (exit code known); otherwise `human()` (if given) or JSON is printed now.
   */
  result(value: Record<string, unknown>, human?: () => string): void;
  /** What is known of a run cut short (interrupted, failed): the --json document carries it. */
  partial(value: Record<string, unknown>): void;
  /** The --json document of `value` as it would be printed now with this exit code (for --output files). */
  envelope(value: Record<string, unknown>, end: RunEnd): Record<string, unknown>;
  /** Writes raw text to stdout (redacted). Prefer `result`. */
  print(text: string): void;
  /** Progress and notes on stderr (hidden by --quiet). */
  info(message: string): void;
  /** Something the user should know on stderr (always shown). */
  warn(message: string): void;
  /** Details on stderr, only with --verbose. */
  debug(message: string): void;
}

/** True when colour is wanted on a stream: FORCE_COLOR wins, then NO_COLOR, then TTY-ness. */
export function colorEnabled(env: CliContext["env"], isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return isTTY;
}

/** True when a human is probably watching stderr (a TTY outside CI): spinners and live progress are fine. */
export function isInteractive(ctx: CliContext): boolean {
  // A dumb terminal cannot move the cursor: redrawing in place would print every frame.
  return ctx.stderrIsTTY && !ctx.env.CI && ctx.env.TERM !== "dumb";
}

/** Serialises a JSON result the one way every command does (2-space indent, trailing newline). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The log level the global flags ask for. */
function logLevelFor(opts: OutputOptions): LogLevel {
  if (opts.quiet) return "warn";
  return opts.verbose ? "debug" : "info";
}

/** The stderr logger at the level --quiet/--verbose ask for (one line per request with --verbose). */
export function createCliLogger(ctx: CliContext, opts: OutputOptions): Logger {
  const logger = createLogger({ level: logLevelFor(opts), verbose: opts.verbose === true, write: (l) => ctx.stderr.write(l) });
  const report = reportOf(ctx);
  // Every warning also goes into the --json document's `warnings`.
  return { ...logger, warn: (m) => (report.warn(redact(m)), logger.warn(m)) };
}

/** Builds the printer for one command invocation from the global options. */
export function createOutput(ctx: CliContext, opts: OutputOptions = {}): Output {
  const colors = pc.createColors(colorEnabled(ctx.env, ctx.stdoutIsTTY));
  const errColors = pc.createColors(colorEnabled(ctx.env, ctx.stderrIsTTY));
  const logger = createCliLogger(ctx, opts);
  return {
    json: opts.json === true,
    logger,
    colors,
    errColors,
    result(value, human) {
      const report = reportOf(ctx);
      if (opts.json) {
        report.fields = value;
        report.complete = true;
        return;
      }
      ctx.stdout.write(redact(human ? human() : formatJson(value)));
    },
    partial(value) {
      const report = reportOf(ctx);
      if (!report.complete) report.fields = value;
    },
    envelope: (value, end) => {
      const r = reportOf(ctx);
      return buildEnvelope({ command: r.command, startedAtMs: r.startedAtMs, warnings: r.warnings, fields: value }, end);
    },
    print(text) {
      ctx.stdout.write(redact(text));
    },
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    debug: (m) => logger.debug(m),
  };
}
