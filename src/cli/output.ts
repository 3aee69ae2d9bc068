/**
 * Output conventions of every command: stdout carries only the result (a JSON document with
 * --json, human text otherwise) so it can be piped; progress, logs and warnings go to stderr.
 * Everything written passes through redact(). Colours follow NO_COLOR / FORCE_COLOR and TTY-ness.
 */
import pc from "picocolors";
import Table from "cli-table3";
import { redact } from "../redact.js";
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
  /** Prints the command's result: `value` as JSON with --json, otherwise `human()` (if given) or JSON. */
  result(value: unknown, human?: () => string): void;
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
  return ctx.stderrIsTTY && !ctx.env.CI;
}

/** Serialises a JSON result the one way every command does (2-space indent, trailing newline). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Renders rows as a borderless human table; cells are stringified, null/undefined shown as "-". */
export function renderTable(head: string[], rows: unknown[][], colors: Colors = pc.createColors(false)): string {
  const table = new Table({
    head: head.map((h) => colors.bold(h)),
    style: { head: [], border: [], "padding-left": 0, "padding-right": 2 },
    chars: {
      top: "", "top-mid": "", "top-left": "", "top-right": "",
      bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
      left: "", "left-mid": "", mid: "", "mid-mid": "",
      right: "", "right-mid": "", middle: "",
    },
  });
  for (const row of rows) table.push(row.map(cell));
  // cli-table3 pads the last column too; trailing spaces only make diffs and copy-paste worse.
  return table.toString().split("\n").map((l) => l.trimEnd()).join("\n") + "\n";
}

/** Renders `label: value` pairs aligned, one per line (for single objects such as whoami). */
export function renderPairs(pairs: Array<[string, unknown]>, colors: Colors = pc.createColors(false)): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${colors.dim(k.padEnd(width))}  ${cell(v)}`).join("\n") + "\n";
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The log level the global flags ask for. */
function logLevelFor(opts: OutputOptions): LogLevel {
  if (opts.quiet) return "warn";
  return opts.verbose ? "debug" : "info";
}

/** The stderr logger at the level --quiet/--verbose ask for (one line per request with --verbose). */
export function createCliLogger(ctx: CliContext, opts: OutputOptions): Logger {
  return createLogger({ level: logLevelFor(opts), verbose: opts.verbose === true, write: (l) => ctx.stderr.write(l) });
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
      const text = opts.json || !human ? formatJson(value) : human();
      ctx.stdout.write(redact(text));
    },
    print(text) {
      ctx.stdout.write(redact(text));
    },
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    debug: (m) => logger.debug(m),
  };
}
