/**
 * Checks that an output path can be written before a command does its work, so a typo in
 * `--output` or `-o` fails in a second with a usage error instead of after an hour-long run.
 */
import { stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
// Bounded mkdir, shared with the jobs (which may not import src/cli).
import { ensureDirectory } from "../shared/ensure-directory.js";

export { ensureDirectory };

function code(err: unknown): string {
  return (err as { code?: string }).code ?? (err as Error).message;
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
