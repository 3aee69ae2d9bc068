/**
 * The one shape of every command's `--json` document: an envelope (`command`, `version`,
 * `outcome`, `exitCode`, `startedAt`, `durationMs`, `warnings`, `drift` where the command talks
 * to Sigma), then the command's own fields. A command hands its fields to `out.result()`;
 * run.ts prints the document once the exit code is known, also when the command failed
 * (`outcome: "error"`, `error: {type, message, hints}`) or was interrupted.
 */
import type { CliContext } from "./context.js";
import { packageVersion } from "./version.js";

/** The error part of a failed run's document. */
export interface JsonErrorInfo {
  /** The error class (`UserError`, `NotFoundError`, ...; `InternalError` for a bug). */
  type: string;
  message: string;
  hints: string[];
}

/** What one invocation collects for its --json document. */
export class RunReport {
  /** `materialize wait`, set when the command's action starts. */
  command = "";
  json = false;
  readonly startedAtMs: number;
  readonly warnings: string[] = [];
  /** The command's own fields (set by out.result / out.partial). */
  fields: Record<string, unknown> | undefined;
  /** True once the result itself was handed over (not just the partial fields of a run cut short). */
  complete = false;

  constructor(now: number = Date.now()) {
    this.startedAtMs = now;
  }

  /** Records a warning printed on stderr (each once). */
  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}

/** Keys the envelope owns: a command's fields of the same name are read for their value, not copied. */
const ENVELOPE_KEYS = new Set(["command", "version", "outcome", "exitCode", "startedAt", "durationMs", "warnings", "drift", "error"]);

/** How a run ended, for {@link buildEnvelope}. */
export interface RunEnd {
  exitCode: number;
  /** Overrides the outcome (`interrupted`, `error`). Default: the command's own `outcome`, else ok/error by exit code. */
  outcome?: string | undefined;
  error?: JsonErrorInfo | undefined;
  nowMs?: number | undefined;
}

/** The document: envelope first, then the command's own fields. */
export function buildEnvelope(report: Pick<RunReport, "command" | "startedAtMs" | "warnings" | "fields">, end: RunEnd): Record<string, unknown> {
  const fields = report.fields ?? {};
  const own = typeof fields.outcome === "string" ? fields.outcome : undefined;
  const outcome = end.outcome ?? own ?? (end.exitCode === 0 ? "ok" : "error");
  const ownWarnings = Array.isArray(fields.warnings) ? (fields.warnings as unknown[]).map(String) : [];
  const doc: Record<string, unknown> = {
    command: report.command,
    version: packageVersion(),
    outcome,
    exitCode: end.exitCode,
    startedAt: new Date(report.startedAtMs).toISOString(),
    durationMs: Math.max(0, Math.round((end.nowMs ?? Date.now()) - report.startedAtMs)),
    warnings: [...new Set([...ownWarnings, ...report.warnings])],
  };
  if ("drift" in fields) doc.drift = fields.drift;
  if (end.error) doc.error = end.error;
  for (const [k, v] of Object.entries(fields)) if (!ENVELOPE_KEYS.has(k)) doc[k] = v;
  return doc;
}

/** The report of the invocation `ctx` belongs to (a fresh one when a test calls a command helper directly). */
export function reportOf(ctx: CliContext): RunReport {
  return (ctx.report ??= new RunReport());
}
