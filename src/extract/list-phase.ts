/**
 * Reads one top-level list to the run journal (JSONL, deduplicated by id, in Sigma's order)
 * while handing each new entry to `onItem` (the document queue), so per-document work starts
 * with the first page. On `--resume` a list finished earlier is replayed from the journal.
 */
import type { SigmaClient } from "../client/index.js";
import { LISTS } from "./assets.js";
import type { ListAsset } from "./assets.js";
import { AtomicFile } from "../shared/atomic-file.js";
import type { Checkpoint, ListMeta } from "./checkpoint.js";
import { listEndpoint } from "./endpoints.js";
import type { ListOptions, RawObject } from "./endpoints.js";
import { classify, toIssue } from "./issues.js";
import { readJsonl } from "../shared/row-reader.js";

/** Options of {@link runList}. */
export interface RunListOptions {
  client: SigmaClient;
  checkpoint: Checkpoint;
  list: ListAsset;
  listOptions?: ListOptions | undefined;
  /** Called (and awaited: backpressure) for each distinct entry. */
  onItem?: ((item: RawObject) => Promise<void>) | undefined;
  /** Called after each page with the running count. */
  onCount?: ((count: number) => void) | undefined;
  /**
   * Every asset a failure of this list costs (default: the list itself). A workbook list that
   * ends early also loses the pages, elements... of the workbooks it never listed.
   */
  costs?: readonly string[] | undefined;
}

/** True when the journaled JSONL holds `count` readable rows (an older sigmactl could commit a truncated one). */
async function intact(path: string, count: number): Promise<boolean> {
  let n = 0;
  try {
    for await (const _row of readJsonl(path)) n++;
  } catch {
    return false;
  }
  return n === count;
}

/** Reads (or replays) one list; resolves with what is known about it. */
export async function runList(opts: RunListOptions): Promise<ListMeta> {
  const { checkpoint, list } = opts;
  const found = await checkpoint.listMeta(list);
  // A journaled list that cannot be read back is read again from Sigma.
  const done = found && (await intact(checkpoint.listPath(list), found.count)) ? found : undefined;
  if (done) {
    if (opts.onItem) for await (const item of readJsonl(checkpoint.listPath(list))) await opts.onItem(item as RawObject);
    opts.onCount?.(done.count);
    return done;
  }
  const idKey = LISTS[list];
  const cost = (opts.costs ?? [list]).join(",");
  const meta: ListMeta = { list, count: 0, duplicates: 0, errors: [], warnings: [] };
  const seen = new Set<string>();
  const file = await AtomicFile.open(checkpoint.listPath(list), checkpoint.fs);
  const paginated = listEndpoint(opts.client, list, opts.listOptions);
  try {
    for await (const page of paginated.pages()) {
      if (page.total !== undefined) meta.total = page.total;
      for (const item of page.entries) {
        const id = String(item[idKey]);
        if (seen.has(id)) {
          meta.duplicates++;
          continue;
        }
        seen.add(id);
        meta.count++;
        await file.write(`${JSON.stringify(item)}\n`);
        if (opts.onItem) await opts.onItem(item);
      }
      opts.onCount?.(meta.count);
    }
    const summary = paginated.summary;
    // Skipped entries (no id) are warned about even when the list itself is complete.
    if (summary) meta.warnings.push(...summary.warnings);
    if (summary && !summary.complete) {
      meta.errors.push({ asset: cost, error: "IncompleteList", message: summary.warnings.join("; ") || "the list ended early" });
    }
  } catch (err) {
    if (classify(err) === "fatal") {
      await file.abort();
      throw err;
    }
    // Keep what was read: the failure is in the summary, and the rest of the run goes on.
    meta.errors.push(toIssue(err, cost));
  }
  await file.commit({ sync: false });
  await checkpoint.saveListMeta(meta);
  return meta;
}
