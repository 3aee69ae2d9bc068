/**
 * `extract()`: the whole extraction. Lists are read concurrently and stream their documents
 * into a bounded queue; documents are fetched concurrently (the client's adaptive limiter caps
 * the requests in flight) and journaled one by one; with `since: "last"` only changed documents
 * are fetched (change-plan.ts) and the others' bytes are copied from the earlier run's files.
 * Meanwhile the files are assembled in list order as documents finish (doc-feed.ts), so they
 * are done moments after the last answer; the summary is written last, and `keep` prunes older
 * runs. A crash leaves the journal, from which `resume: true` finishes the same run.
 */
import { driftSince, type SigmaClient } from "../client/index.js";
import { AbortedError, UserError } from "../errors.js";
import { DOC_KINDS, KIND_LIST, LISTS, listsNeeded, parseAssets, selectedChildren } from "./assets.js";
import type { AssetName, ChildAsset, DocKind, ListAsset } from "./assets.js";
import { assemble } from "./assemble.js";
import { ConnectionPaths } from "./connection-paths.js";
import type { DocContext } from "./doc-context.js";
import type { RawObject } from "./endpoints.js";
import { fetchDataModel, fetchDataset } from "./fetch-others.js";
import { fetchWorkbook } from "./fetch-workbook.js";
import { runList } from "./list-phase.js";
import { findPreviousRun } from "./previous-run.js";
import { docKey, loadCarryIndex } from "./carry-index.js";
import type { IndexedDoc } from "./carry-index.js";
import { ChangePlan, docDeps } from "./change-plan.js";
import { DocFeed } from "./doc-feed.js";
import { pruneRuns } from "./prune.js";
import { lockOutputDirectory } from "./dir-lock.js";
import type { ExtractFileSystem } from "../shared/file-system.js";
import { openRun, prepareOutDir } from "./run-setup.js";

import type { ExtractPhase, PhaseOutcome, ProgressListener } from "./progress.js";
import type { OutputFormat, WrittenFile } from "../shared/row-writer.js";
import { formatBytes } from "./format-bytes.js";
import { buildSummary, statsSince, writeSummary } from "./summary.js";
import type { ExtractSummary } from "./summary.js";
import { WorkQueue } from "./work-queue.js";

/** Documents in flight per request slot (see the work queue below). */
const DOCS_PER_SLOT = 4;

/** Options of {@link extract}. */
export interface ExtractOptions {
  client: SigmaClient;
  /** Output directory (created if missing). */
  outDir: string;
  /** Host written to the summary (default: the client's base URL). */
  host?: string | undefined;
  /** Assets to extract: names or a `--assets` spec (default: every cheap asset). */
  assets?: readonly AssetName[] | string | undefined;
  format?: OutputFormat | undefined;
  /** Request slots to keep busy (default 8): documents fetched at once are 4× this; requests in flight are capped by the client. */
  concurrency?: number | undefined;
  /** "last": carry forward documents unchanged since the newest run in `outDir`. */
  since?: "last" | undefined;
  /** With `since`: make every Nth run a full one (N-1 incremental runs, then a full run). */
  fullEvery?: number | undefined;
  /** After a complete run, delete all but the newest `keep` complete runs (and anything older). Default: keep all. */
  keep?: number | undefined;
  /** Finish the newest interrupted run in `outDir` (its timestamp and settings win). */
  resume?: boolean | undefined;
  /** Unix seconds shared by every file (default: now). Fixed values give byte-identical files. */
  timestamp?: number | undefined;
  /** Skipped parts tolerated before the result is not `ok` (default 0). */
  maxErrors?: number | undefined;
  /** Admins: also list documents shared with nobody (`skipPermissionCheck`). */
  skipPermissionCheck?: boolean | undefined;
  onProgress?: ProgressListener | undefined;
  /** Where notes go (carried counts, ignored flags on resume...). */
  logger?: { info(m: string): void; warn(m: string): void } | undefined;
  signal?: AbortSignal | undefined;
  now?: (() => number) | undefined;
  /** Where files are written (default node:fs; tests inject a failing disk). */
  fileSystem?: ExtractFileSystem | undefined;
}

/** What {@link extract} produced. */
export interface ExtractResult {
  ts: number;
  outDir: string;
  files: WrittenFile[];
  summaryPath: string;
  summary: ExtractSummary;
  /** False when more parts were skipped than `maxErrors` allows. */
  ok: boolean;
}

const FETCHERS: Record<DocKind, (ctx: DocContext, doc: RawObject) => ReturnType<typeof fetchWorkbook>> = {
  workbook: fetchWorkbook,
  datamodel: fetchDataModel,
  dataset: fetchDataset,
};

const LIST_KIND: Partial<Record<ListAsset, DocKind>> = Object.fromEntries(
  Object.entries(KIND_LIST).map(([k, l]) => [l, k as DocKind]),
);

/**
 * Runs an extraction; see the module comment. The output directory is locked for the run: a
 * second extraction into it fails at once ("another extraction is running in DIR").
 */
export async function extract(opts: ExtractOptions): Promise<ExtractResult> {
  // A bad --assets is a usage error now, not after contacting the server.
  if (typeof opts.assets === "string" || opts.assets === undefined) parseAssets(opts.assets as string | undefined);
  await prepareOutDir(opts.outDir);
  const lock = await lockOutputDirectory(opts.outDir, opts.outDir, opts.now ?? Date.now);
  try {
    return await extractLocked(opts);
  } finally {
    await lock.release();
  }
}

async function extractLocked(opts: ExtractOptions): Promise<ExtractResult> {
  const now = opts.now ?? Date.now;
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const emit = opts.onProgress ?? (() => {});
  // The client may be shared: the run reports what it added to its counters.
  const base = opts.client.stats();
  const driftBase = opts.client.drift();
  const stats = () => statsSince(base, opts.client.stats());
  // One cheap call first: a wrong host or refused credentials stop here, before any file work,
  // instead of surfacing as every list and document being skipped.
  await opts.client.whoami({ signal: opts.signal });

  const { checkpoint, resumed } = await openRun(opts, now);
  const info = checkpoint.info;
  const { ts, format } = info;
  const assets = parseAssets(info.assets.join(","));
  const lists = listsNeeded(assets);
  const prev = info.since === undefined ? undefined : await findPreviousRun(opts.outDir, ts, info.since);
  if (info.since !== undefined && !prev) throw new UserError(`the run ${info.since} carried forward by this run is gone from ${opts.outDir}`);

  // Carry-forward plan: the earlier run's record of each document whose kind can be carried.
  const children = Object.fromEntries(DOC_KINDS.map((k) => [k, selectedChildren(k, assets)])) as Record<DocKind, ChildAsset[]>;
  let plan: ChangePlan | undefined;
  if (prev) {
    const index = await loadCarryIndex(opts.outDir, prev.ts);
    if ("unusable" in index) throw new UserError(`the run ${prev.ts} carried forward by this run cannot be read: ${index.unusable}`);
    const records = new Map<string, IndexedDoc>();
    for (const k of DOC_KINDS) {
      if (!lists.includes(KIND_LIST[k])) continue;
      const needed = [KIND_LIST[k], ...children[k]];
      if (!needed.every((a) => index.trailer.assets.includes(a))) {
        opts.logger?.warn(`since: run ${prev.ts} lacks files for ${KIND_LIST[k]}; fetching all of them again`);
        continue;
      }
      for (const [key, d] of index.docs) {
        if (d.kind !== k) continue;
        records.set(key, prev.failed.has(key) ? { ...d, err: true } : d);
      }
    }
    plan = new ChangePlan(records);
  }

  const ctx: DocContext = { client: opts.client, assets: new Set(assets.filter((a) => !(a in LISTS))) as Set<ChildAsset>, paths: new ConnectionPaths(opts.client) };
  let listed = 0;
  let queued = 0;
  let done = 0;
  const tick = () =>
    emit({ type: "tick", listed, documentsQueued: queued, documentsDone: done, requests: stats().requests, elapsedMs: elapsed() });
  const phaseStart = new Map<ExtractPhase, number>();
  const start = (phase: ExtractPhase) => {
    phaseStart.set(phase, elapsed());
    emit({ type: "phase-start", phase });
  };
  const end = (phase: ExtractPhase, count: number, detail: string, outcome: PhaseOutcome = "done") =>
    emit({ type: "phase-end", phase, count, detail, outcome, elapsedMs: elapsed() - (phaseStart.get(phase) ?? 0) });
  // Why a phase stopped early: Ctrl-C (the signal, or the client's own) or an error.
  const stopped = (err: unknown): PhaseOutcome => (opts.signal?.aborted || err instanceof AbortedError ? "interrupted" : "failed");

  // Requests in flight are capped by the client; documents are DOCS_PER_SLOT times as many, so
  // documents waiting out a retry (a 429's Retry-After is seconds) leave the client's slots to
  // others instead of idling them (under a 100 rps limit, a medium org used 50% of it with as
  // many documents as slots, 94% with 4×: npm run bench -- resilience).
  const feed = new DocFeed();
  // Set when writing the files failed: documents stop being fetched.
  let assemblyFailure: { error: unknown } | undefined;
  const queue = new WorkQueue<{ kind: DocKind; doc: RawObject }>((opts.concurrency ?? 8) * DOCS_PER_SLOT, async ({ kind, doc }) => {
    if (opts.signal?.aborted) throw new AbortedError("extraction cancelled");
    if (assemblyFailure) throw assemblyFailure.error;
    const id = String(doc[LISTS[KIND_LIST[kind]]]);
    // A resumed journal may hold a file an older sigmactl cut short on a full disk: checked.
    // A fresh journal holds nothing yet.
    if (resumed && (await checkpoint.hasReadableDoc(kind, id))) feed.ready(docKey(kind, id));
    else {
      const result = await FETCHERS[kind](ctx, doc);
      feed.ready(docKey(kind, id), await checkpoint.saveDoc(result, docDeps(result)));
    }
    done++;
    tick();
  });
  const wanted = (kind: DocKind) => children[kind].length > 0;
  const enqueue = async (kind: DocKind, doc: RawObject) => {
    queued++;
    await queue.push({ kind, doc });
  };

  start("lists");
  start("documents");
  const listCounts = new Map<ListAsset, number>();
  const listingDone = Promise.allSettled(
    lists.map((list) => {
      const kind = LIST_KIND[list];
      const read = runList({
        client: opts.client,
        checkpoint,
        list,
        listOptions: { skipPermissionCheck: opts.skipPermissionCheck },
        // A list that ends early also costs the child rows of the documents it never listed.
        costs: [list, ...(kind === undefined ? [] : children[kind])],
        onItem:
          kind === undefined
            ? undefined
            : async (doc) => {
                feed.push(kind, doc);
                // Unchanged documents are held until every list is read (see ChangePlan).
                if (plan && plan.classify(kind, String(doc[LISTS[list]]), doc) === undefined) return;
                if (wanted(kind)) await enqueue(kind, doc);
              },
        onCount: (n) => {
          listed += n - (listCounts.get(list) ?? 0);
          listCounts.set(list, n);
          tick();
        },
      });
      // However the list ended, the assembler has all of its entries.
      return kind === undefined ? read : read.finally(() => feed.end(kind));
    }),
  );
  // The files are written while documents are fetched; what they carry is known once every
  // list is read.
  const carry = deferred<{ ts: number; docs: ReadonlyMap<string, IndexedDoc> } | undefined>();
  const assembling = assemble({
    checkpoint,
    outDir: opts.outDir,
    ts,
    format,
    assets,
    lists,
    feed,
    listsRead: listingDone,
    carry: prev ? carry.promise : undefined,
    runsSinceFull: info.since === undefined ? 0 : (info.runsSinceFull ?? 1),
  });
  assembling.catch((error: unknown) => {
    assemblyFailure ??= { error };
    feed.fail(error);
  });
  const listing = await listingDone;
  const failedList = listing.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failedList) end("lists", listed, `${listed} entries from ${lists.length} list${lists.length === 1 ? "" : "s"}`);
  else {
    const how = stopped(failedList.reason);
    const complete = listing.filter((r) => r.status === "fulfilled").length;
    end("lists", listed, `${how} after ${listed} entries (${complete} of ${lists.length} lists complete)`, how);
  }
  // Held documents: fetched after all when what they read changed, else carried.
  let carried = new Map<string, IndexedDoc>();
  if (plan && !failedList) {
    start("carry");
    const settled = plan.settle();
    carried = settled.carried;
    try {
      for (const f of settled.fetch) if (wanted(f.kind)) await enqueue(f.kind, f.entry);
    } catch {
      // The queue stopped on a worker failure: drained() below rethrows it.
    }
    if (resumed) {
      // A document fetched by the interrupted attempt wins over carrying it.
      for (const [key, d] of carried) if (await checkpoint.hasDoc(d.kind, d.id)) carried.delete(key);
    }
    const why = Object.entries(plan.reasons).map(([r, n]) => `${n} ${r}`).join(", ");
    const count = [...carried.values()].filter((d) => wanted(d.kind)).length;
    end("carry", count, `${count} unchanged documents carried forward from run ${prev!.ts}${why ? ` (fetched: ${why})` : ""}`);
    carry.resolve({ ts: prev!.ts, docs: carried });
  }
  queue.close();
  const drainError = await queue.drained().then(
    () => undefined,
    (e: unknown) => e ?? new Error("document worker failed"),
  );
  if (drainError !== undefined || failedList) {
    // Writing the files failing (a full disk) is the cause when it stopped the documents.
    const error: unknown = assemblyFailure?.error ?? drainError ?? failedList?.reason;
    feed.fail(error);
    carry.reject(error);
    // The files being written are removed before the error goes up.
    await assembling.catch(() => undefined);
    const how = stopped(error);
    end("documents", done, `${how} after ${done} of ${queued} documents`, how);
    throw error;
  }
  feed.drained();
  end("documents", done, `${done} documents`);

  start("write");
  const assembled = await assembling;
  const summary = buildSummary({
    ts,
    host: info.host,
    format,
    assets,
    assembled,
    stats: stats(),
    drift: driftSince(driftBase, opts.client.drift()),
    durationMs: elapsed(),
    since: info.since,
    runsSinceFull: info.since === undefined ? 0 : (info.runsSinceFull ?? 1),
    changes: plan?.reasons,
    resumed,
  });
  const summaryPath = await writeSummary(opts.outDir, ts, summary, checkpoint.fs);
  const bytes = assembled.files.reduce((s, f) => s + f.bytes, 0);
  end("write", assembled.files.length + 1, `${assembled.files.length + 1} files, ${formatBytes(bytes)}`);
  await checkpoint.remove();
  if (opts.keep !== undefined) {
    const pruned = await pruneRuns(opts.outDir, opts.keep);
    if (pruned.length > 0) opts.logger?.info(`--keep ${opts.keep}: removed ${pruned.length} older run(s) (${pruned.join(", ")})`);
  }
  return { ts, outDir: opts.outDir, files: assembled.files, summaryPath, summary, ok: summary.error_count <= (opts.maxErrors ?? 0) };
}

/** A promise with its settle functions (settling twice is a no-op). */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejected only when the run fails, and then the run's own error is what is reported.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
