/**
 * The library names its options in messages the way a library user writes them, in backticks
 * (`timeoutMs`, `stateFile: false`); the CLI shows its own flags instead. One table, applied
 * where library text reaches a CLI user: rendered errors, warnings, and the result documents.
 */
import type { MaterializeResult } from "../materialize/types.js";

/** Library option (as written in backticks in a message) → the CLI flag that sets it. */
export const OPTION_FLAGS: Readonly<Record<string, string>> = {
  timeoutMs: "--timeout",
  jobTimeoutMs: "--job-timeout",
  concurrency: "--concurrency",
  includePaused: "--include-paused",
  force: "--force",
  unconfirmedWindowMs: "--unconfirmed-window",
  stateFile: "--state-file",
  "stateFile: false": "--no-state",
  "kind: workbook": "--workbook",
  "kind: data-model": "--data-model",
  "kind: dataset": "--dataset",
  resume: "--resume",
  outDir: "-o/--output",
  assets: "--assets",
  all: "--all",
  run: "--run",
  token: "-k/--token (or CASTOR_UPLOADER_TOKEN)",
};

/** Rewrites the library's option names in `text` as CLI flags; other backticked words stay. */
export function cliWording(text: string): string {
  return text.replace(/`([^`\n]+)`/g, (whole, name: string) => OPTION_FLAGS[name] ?? whole);
}

/** A materialize result with the CLI's wording in its warnings and job errors. */
export function cliWordedResult<R extends MaterializeResult>(result: R): R {
  return {
    ...result,
    warnings: result.warnings.map(cliWording),
    jobs: result.jobs.map((j) => (j.error ? { ...j, error: cliWording(j.error) } : j)),
  };
}
