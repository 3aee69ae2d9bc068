/**
 * Creating a directory and its missing parents one level at a time. Node's
 * `mkdir({recursive: true})` is not used: under some pseudo file systems (/proc on Node 20) it
 * never returns. Shared by the jobs (extract's output directory, materialize's state file) and
 * the CLI's output checks (src/cli/writable.ts), which may not be imported from the jobs.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { UserError } from "../errors.js";

// Deeper than any real path; bounds the walk up whatever the file system answers.
const MAX_DEPTH = 64;

/** Options of {@link ensureDirectory}. */
export interface EnsureDirectoryOptions {
  /** Mode of the directories it creates (default: 0o777 before umask). */
  mode?: number;
  /** The hint of its errors (default: `choose a writable directory for <label>`). */
  suggestion?: string;
}

function code(err: unknown): string {
  return (err as { code?: string }).code ?? (err as Error).message;
}

/**
 * Creates `dir` and its missing parents. Errors read `<label> <shown>: <what is wrong>`, e.g.
 * `-o/--output ./out/x: ./out is a file, not a directory`.
 * @throws UserError when a level cannot be created or is not a directory
 */
export async function ensureDirectory(dir: string, label: string, shown: string = dir, options: EnsureDirectoryOptions = {}): Promise<void> {
  const suggestions = [options.suggestion ?? `choose a writable directory for ${label}`];
  const missing: string[] = [];
  for (let d = dir, depth = 0; depth < MAX_DEPTH; d = dirname(d), depth++) {
    let st;
    try {
      st = await stat(d);
    } catch (err) {
      // ENOTDIR: a parent is a file; the walk up finds it and says so.
      if (code(err) !== "ENOENT" && code(err) !== "ENOTDIR") throw new UserError(`${label} ${shown}: cannot use ${d} (${code(err)})`, { suggestions });
      st = null;
    }
    if (st?.isDirectory()) break;
    if (st) throw new UserError(`${label} ${shown}: ${d} is a file, not a directory`, { suggestions });
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    await mkdir(d, options.mode === undefined ? undefined : { mode: options.mode }).catch((err: unknown) => {
      if (code(err) === "EEXIST") return;
      throw new UserError(`${label} ${shown}: cannot create directory ${d} (${code(err)})`, { suggestions });
    });
  }
}
