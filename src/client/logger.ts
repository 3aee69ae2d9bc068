/**
 * A small leveled logger that writes to stderr (stdout is reserved for command output).
 * Every line passes through redact(), so a secret that slipped into a message is removed.
 */
import { redact } from "../redact.js";

/** Log levels from quietest to noisiest. */
export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** One finished HTTP request, as printed in verbose mode. */
export interface RequestLogEntry {
  method: string;
  /** Path and query relative to the base URL. */
  path: string;
  /** HTTP status, or undefined when no answer arrived. */
  status: number | undefined;
  durationMs: number;
  retries: number;
}

/** The logging surface the client and the jobs use. */
export interface Logger {
  readonly level: LogLevel;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** One line per request when verbose (or at debug level); otherwise nothing. */
  request(entry: RequestLogEntry): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Print one line per HTTP request (method, path, status, duration, retries). */
  verbose?: boolean;
  /** Where lines go (default: process.stderr). Receives one line including its newline. */
  write?: (line: string) => void;
}

/** Creates a logger that writes redacted lines to stderr (or `write`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "warn";
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const verbose = options.verbose === true || level === "debug";
  const emit = (lvl: Exclude<LogLevel, "silent">, message: string): void => {
    if (RANK[level] < RANK[lvl]) return;
    const prefix = lvl === "info" ? "" : `${lvl}: `;
    write(`${redact(prefix + message)}\n`);
  };
  return {
    level,
    error: (m) => emit("error", m),
    warn: (m) => emit("warn", m),
    info: (m) => emit("info", m),
    debug: (m) => emit("debug", m),
    request: (e) => {
      if (!verbose || level === "silent") return;
      const retries = e.retries > 0 ? ` (${e.retries} ${e.retries === 1 ? "retry" : "retries"})` : "";
      write(`${redact(`${e.method} ${e.path} ${e.status ?? "ERR"} ${Math.round(e.durationMs)}ms${retries}`)}\n`);
    },
  };
}

/** A logger that prints nothing (the library default: libraries stay quiet unless asked). */
export const silentLogger: Logger = createLogger({ level: "silent", write: () => {} });
