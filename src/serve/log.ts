/** serve's log lines on stderr: text (default) or one JSON object per line (`--log-format json`); always redacted. */
import { redact } from "../redact.js";

/** Log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A structured logger. */
export interface ServeLogger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

/** A logger writing to `write` in `format`, dropping levels below `min`. */
export function createServeLogger(write: (line: string) => void, format: "text" | "json", min: LogLevel = "info", now: () => number = Date.now): ServeLogger {
  const order: LogLevel[] = ["debug", "info", "warn", "error"];
  return {
    log(level, msg, fields = {}) {
      if (order.indexOf(level) < order.indexOf(min)) return;
      const time = new Date(now()).toISOString();
      if (format === "json") write(`${redact(JSON.stringify({ time, level, msg, ...fields }))}\n`);
      else {
        const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
        write(redact(`${time} ${level} ${msg}${extra ? ` ${extra}` : ""}\n`));
      }
    },
  };
}
