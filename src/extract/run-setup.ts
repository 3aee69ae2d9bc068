/**
 * Setting up a run: the output directory must be writable, and the journal is either a new
 * one (fresh timestamp, `--since` resolved once and recorded) or the interrupted run's
 * (`--resume`, whose own settings win).
 */
import { access } from "node:fs/promises";
import { constants } from "node:fs";
import { UserError } from "../errors.js";
import { parseAssets } from "./assets.js";
import type { AssetName } from "./assets.js";
import { removeStaleTmpFiles } from "../shared/atomic-file.js";
import { Checkpoint } from "./checkpoint.js";
import { ensureDirectory } from "../shared/ensure-directory.js";
import type { RunInfo } from "./checkpoint.js";
import type { ExtractOptions } from "./extract.js";
import { loadCarryIndex } from "./carry-index.js";
import { findPreviousRun } from "./previous-run.js";

/** Opens the journal of the run to do; see the module comment. */
export async function openRun(opts: ExtractOptions, now: () => number): Promise<{ checkpoint: Checkpoint; resumed: boolean }> {
  const format = opts.format ?? "castor";
  const assets = typeof opts.assets === "string" || opts.assets === undefined ? parseAssets(opts.assets as string | undefined) : [...opts.assets];
  if (opts.resume) {
    const [ts] = await Checkpoint.unfinished(opts.outDir);
    const checkpoint = ts === undefined ? undefined : await Checkpoint.open(opts.outDir, ts, opts.fileSystem);
    if (!checkpoint) {
      throw new UserError(`nothing to resume: no interrupted extraction in ${opts.outDir}`, {
        suggestions: ["start a new extraction (without `resume`)"],
      });
    }
    // Leftovers of the crashed attempt's writes (final names were never touched).
    await removeStaleTmpFiles(opts.outDir, `${checkpoint.info.ts}-`);
    await removeStaleTmpFiles(`${checkpoint.dir}/lists`);
    const asked = new Set(assets);
    if (checkpoint.info.format !== format || checkpoint.info.assets.some((a) => !asked.has(a as AssetName)) || asked.size !== checkpoint.info.assets.length) {
      opts.logger?.warn(`resuming run ${checkpoint.info.ts} with its own settings (format ${checkpoint.info.format}, assets ${checkpoint.info.assets.join(",")})`);
    }
    opts.logger?.info(`resuming run ${checkpoint.info.ts}`);
    return { checkpoint, resumed: true };
  }
  const ts = opts.timestamp ?? Math.floor(now() / 1000);
  if (!Number.isSafeInteger(ts) || ts < 0) throw new UserError(`invalid timestamp ${ts}`);
  // A journal left with the same timestamp belongs to another attempt: a fresh run starts clean.
  const stale = await Checkpoint.open(opts.outDir, ts);
  if (stale) await stale.remove();
  let since: number | undefined;
  let runsSinceFull = 0;
  if (opts.since === "last") {
    const prev = await findPreviousRun(opts.outDir, ts);
    const index = prev ? await loadCarryIndex(opts.outDir, prev.ts) : undefined;
    if (!prev || !index) opts.logger?.warn(`--since last: no earlier sigmactl run in ${opts.outDir}; extracting everything`);
    else if ("unusable" in index) opts.logger?.warn(`--since last: run ${prev.ts} cannot be carried forward (${index.unusable}); extracting everything`);
    else if (prev.format !== format) opts.logger?.warn(`--since last: run ${prev.ts} was written as ${prev.format}, this one as ${format}; extracting everything`);
    else if (opts.fullEvery !== undefined && index.trailer.runsSinceFull + 1 >= opts.fullEvery) {
      opts.logger?.info(`--full-every ${opts.fullEvery}: ${index.trailer.runsSinceFull + 1} incremental run(s) since the last full one; extracting everything`);
    } else {
      since = prev.ts;
      runsSinceFull = index.trailer.runsSinceFull + 1;
      opts.logger?.info(`since last: carrying forward unchanged documents from run ${prev.ts}`);
    }
  }
  const info: RunInfo = {
    ts,
    host: opts.host ?? opts.client.baseUrl,
    assets,
    format,
    since,
    runsSinceFull,
    startedAt: new Date(now()).toISOString(),
  };
  return { checkpoint: await Checkpoint.create(opts.outDir, info, opts.fileSystem), resumed: false };
}

/** Creates the output directory if needed (bounded, see ensure-directory.ts) and checks it is writable. @throws UserError */
export async function prepareOutDir(dir: string): Promise<void> {
  await ensureDirectory(dir, "output directory", dir, { suggestion: "choose a writable output directory (`outDir`)" });
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw new UserError(`cannot write to output directory ${dir} (${code || (err as Error).message})`, {
      cause: err,
      suggestions: ["choose a writable output directory (`outDir`)"],
    });
  }
}

