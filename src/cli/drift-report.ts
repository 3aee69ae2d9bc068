/**
 * How a command tells the user that Sigma's answers differed from its OpenAPI document: one
 * note on stderr, and with --verbose every aggregated line. The lines themselves are in the
 * `drift` field of every command's --json document.
 */
import { formatDriftLine, type DriftLine } from "../client/index.js";
import type { Output } from "./output.js";

/** Writes the drift note (info) and, with --verbose, each line (debug) to stderr. */
export function reportDrift(out: Output, lines: readonly DriftLine[]): void {
  if (lines.length === 0) return;
  const seen = lines.reduce((n, l) => n + l.count, 0);
  const skipped = lines.reduce((n, l) => n + l.skipped, 0);
  const skip = skipped > 0 ? `; ${skipped} entr${skipped === 1 ? "y" : "ies"} without an id skipped` : "";
  out.info(
    `note: Sigma's answers differed from its API document ${seen} time${seen === 1 ? "" : "s"} in ${lines.length} way${lines.length === 1 ? "" : "s"}` +
      `${skip} (read anyway; --verbose lists them, --json has them under "drift")`,
  );
  for (const l of lines) out.debug(`drift: ${formatDriftLine(l)}`);
}
