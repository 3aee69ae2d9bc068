/**
 * Checks that an output path can be written before a command does its work, so a typo in
 * `--output` or `-o` fails in a second with a usage error instead of after an hour-long run.
 */
import { mkdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";

// Deeper than any real path; bounds the walk up whatever the file system answers.
const MAX_DEPTH = 64;

function code(err: unknown): string {
  return (err as { code?: string }).code ?? (err as Error).message;
}

/**
 * Creates `dir` and its missing parents, one level at a time. Node's `mkdir({recursive:true})`
 * is not used: under some pseudo file systems (/proc) it never returns.
 * @throws UserError naming `flag` when a level cannot be created or is not a directory
 */
export async function ensureDirectory(dir: string, flag: string, shown: string = dir): Promise<void> {
  const missing: string[] = [];
  for (let d = dir, depth = 0; depth < MAX_DEPTH; d = dirname(d), depth++) {
    let st;
    try {
      st = await stat(d);
    } catch (err) {
      // ENOTDIR: a parent is a file; the walk up finds it and says so.
      if (code(err) !== "ENOENT" && code(err) !== "ENOTDIR") throw new UserError(`${flag} ${shown}: cannot use ${d} (${code(err)})`, { suggestions: [`choose a writable directory for ${flag}`] });
      st = null;
    }
    if (st?.isDirectory()) break;
    if (st) throw new UserError(`${flag} ${shown}: ${d} is a file, not a directory`, { suggestions: [`choose a writable directory for ${flag}`] });
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    await mkdir(d).catch((err: unknown) => {
      if (code(err) === "EEXIST") return;
      throw new UserError(`${flag} ${shown}: cannot create directory ${d} (${code(err)})`, { suggestions: [`choose a writable directory for ${flag}`] });
    });
  }
}

/**
 * Makes sure `file` can be written later: its directory exists (created if needed) and
 * accepts a new file, and `file` itself is not a directory. Writes and removes a probe file.
 * @throws UserError naming `flag`
 */
export async function checkWritableFile(file: string, flag: string): Promise<void> {
  const dir = dirname(file);
  await ensureDirectory(dir, flag, file);
  const st = await stat(file).catch(() => null);
  if (st?.isDirectory()) throw new UserError(`${flag} ${file} is a directory; give a file name`);
  const probe = join(dir, `.sigmactl-write-check-${process.pid}`);
  try {
    await writeFile(probe, "");
  } catch (err) {
    throw new UserError(`${flag} ${file}: cannot write in ${dir} (${code(err)})`, { suggestions: [`choose a writable place for ${flag}`] });
  }
  await unlink(probe).catch(() => undefined);
}
