/**
 * Builds the final asset files while documents are fetched: for each document kind, the list
 * is followed in Sigma's order (doc-feed.ts) and each document's rows are appended to the asset
 * files once it is journaled. Output order therefore never depends on request timing.
 * Rows are never parsed here: a fetched document's fragments come from the journal as bytes,
 * and a carried one's byte ranges are copied from the earlier run's files (segment-copy.ts).
 * On the way the run's carry index is written (where each document's rows went), and counters
 * and errors for the summary are gathered (so a resumed run reports the whole run).
 */
import { join } from "node:path";
import { DOC_KINDS, KIND_LIST, LISTS, isListAsset, selectedChildren } from "./assets.js";
import type { AssetName, ChildAsset, DocKind, ListAsset } from "./assets.js";
import { CarryIndexWriter, docKey } from "./carry-index.js";
import type { IndexedDoc, Segment } from "./carry-index.js";
import { fingerprint } from "./change-plan.js";
import type { Checkpoint } from "./checkpoint.js";
import type { DocFeed } from "./doc-feed.js";
import type { RawObject } from "./endpoints.js";
import type { ExtractIssue } from "./issues.js";
import { readJsonl } from "../shared/row-reader.js";
import { assetFileName, openRowWriter, rowSeparator } from "../shared/row-writer.js";
import { SegmentCopier } from "./segment-copy.js";
import type { OutputFormat, RowWriter, WrittenFile } from "../shared/row-writer.js";

/** Per-kind document counts. */
export interface DocumentCounts {
  listed: number;
  /** Fetched in this run or an interrupted attempt of it. */
  fetched: number;
  /** Carried forward from the previous run (`--since last`). */
  carried: number;
  /** Documents with at least one skipped part. */
  withErrors: number;
}

/** What assembling found. */
export interface AssembleResult {
  files: WrittenFile[];
  counts: Partial<Record<AssetName, number>>;
  documents: Partial<Record<DocKind, DocumentCounts>>;
  errors: ExtractIssue[];
  /** Parts Sigma refused because a source is archived (409 inode_archived): reported, not failures. */
  archived: ExtractIssue[];
  warnings: string[];
  noLineage: number;
  duplicates: Partial<Record<AssetName, number>>;
}

/** Options of {@link assemble}. */
export interface AssembleOptions {
  checkpoint: Checkpoint;
  outDir: string;
  ts: number;
  format: OutputFormat;
  assets: readonly AssetName[];
  /** Lists that were read (the ones needed by `assets`). */
  lists: readonly ListAsset[];
  /** The lists' entries and the documents as they are journaled. */
  feed: DocFeed;
  /** Settles when every list is read (and journaled); the other lists are copied after it. */
  listsRead: Promise<unknown>;
  /**
   * `--since last`: the earlier run (same format) and its documents carried forward (`kind:id`).
   * Known once every list is read: documents are written only after it settles.
   */
  carry?: Promise<{ ts: number; docs: ReadonlyMap<string, IndexedDoc> } | undefined> | undefined;
  /** Incremental runs since the last full one, for the carry index (0: this run is full). */
  runsSinceFull: number;
  onDocument?: (() => void) | undefined;
}

/** Writes every selected asset file; see the module comment. */
export async function assemble(opts: AssembleOptions): Promise<AssembleResult> {
  const { checkpoint, assets } = opts;
  const writers = new Map<AssetName, RowWriter>();
  const copiers = new Map<AssetName, SegmentCopier>();
  let index: CarryIndexWriter | undefined;
  const out: AssembleResult = { files: [], counts: {}, documents: {}, errors: [], archived: [], warnings: [], noLineage: 0, duplicates: {} };
  const bump = (rec: Partial<Record<AssetName, number>>, a: AssetName, n: number) => {
    if (n > 0) rec[a] = (rec[a] ?? 0) + n;
  };
  try {
    for (const a of assets) writers.set(a, await openRowWriter(opts.outDir, opts.ts, a, opts.format, checkpoint.fs));
    index = await CarryIndexWriter.open(opts.outDir, opts.ts, checkpoint.fs);
    const carry = await opts.carry;
    if (carry) {
      for (const a of assets) {
        if (isListAsset(a)) continue;
        copiers.set(a, new SegmentCopier(join(opts.outDir, assetFileName(carry.ts, a, opts.format)), writers.get(a)!, rowSeparator(opts.format)));
      }
    }
    // Lists' problems are reported before documents' (the order of the summary's keys too).
    const docErrors: ExtractIssue[] = [];
    const docDuplicates: Partial<Record<AssetName, number>> = {};

    for (const kind of DOC_KINDS) {
      const list = KIND_LIST[kind];
      if (!opts.lists.includes(list)) continue;
      const children = selectedChildren(kind, assets);
      const listWriter = writers.get(list);
      const counts: DocumentCounts = { listed: 0, fetched: 0, carried: 0, withErrors: 0 };
      out.documents[kind] = counts;
      const needsDoc = (id: string) => children.length > 0 && !carry?.docs.has(docKey(kind, id));
      const load = (id: string) => opts.feed.doc(docKey(kind, id), () => checkpoint.loadDoc(kind, id));
      for await (const { item, id, loaded } of readAhead(opts.feed.entries(kind), LISTS[list], needsDoc, load)) {
        counts.listed++;
        if (listWriter) await listWriter.write(item);
        const entry = item as RawObject;
        const record: IndexedDoc = {
          kind,
          id,
          fp: fingerprint(entry),
          updatedAt: typeof entry.updatedAt === "string" ? entry.updatedAt : undefined,
          latestVersion: entry.latestVersion,
          deps: [],
          err: false,
          nl: 0,
          dup: {},
          seg: {},
        };
        const carried = carry?.docs.get(docKey(kind, id));
        if (children.length === 0) {
          // Nothing fetched for it: recorded so a later run still sees whether its entry changed.
          await index.add(record);
          continue;
        }
        if (carried) {
          counts.carried++;
          record.deps = carried.deps;
          record.nl = carried.nl;
          record.dup = carried.dup;
          out.noLineage += carried.nl;
          if (carried.arch && carried.arch.length > 0) {
            record.arch = carried.arch;
            out.archived.push(...carried.arch);
          }
          for (const [a, n] of Object.entries(carried.dup)) bump(docDuplicates, a as ChildAsset, n ?? 0);
          for (const a of children) {
            const seg = carried.seg[a];
            if (seg) record.seg[a] = await copiers.get(a)!.add(seg);
          }
          await index.add(record);
          opts.onDocument?.();
          continue;
        }
        const doc = await loaded!;
        if (!doc) {
          // Cannot happen unless the journal was tampered with; never drop silently.
          docErrors.push({ asset: children.join(","), documentType: kind, documentId: id, error: "NotFetched", message: "document was listed but never fetched" });
          record.err = true;
          await index.add(record);
          continue;
        }
        counts.fetched++;
        if (doc.errors.length > 0) counts.withErrors++;
        docErrors.push(...doc.errors);
        out.noLineage += doc.noLineage;
        out.archived.push(...(doc.archived ?? []));
        if (doc.archived && doc.archived.length > 0) record.arch = doc.archived;
        for (const [a, n] of Object.entries(doc.duplicates)) bump(docDuplicates, a as ChildAsset, n ?? 0);
        record.deps = doc.deps;
        record.err = doc.errors.length > 0;
        record.nl = doc.noLineage;
        record.dup = doc.duplicates;
        for (const p of doc.parts) {
          const w = writers.get(p.asset);
          if (!w || !children.includes(p.asset)) continue;
          await copiers.get(p.asset)?.flush();
          const seg: Segment = [w.nextRowOffset, p.bytes.length, p.rows];
          await w.writeSerialized([p.bytes], p.rows);
          record.seg[p.asset] = seg;
        }
        await index.add(record);
        opts.onDocument?.();
      }
    }

    await opts.listsRead;
    for (const l of opts.lists) {
      const meta = await checkpoint.listMeta(l);
      if (!meta) throw new Error(`internal: list ${l} was not journaled`);
      out.errors.push(...meta.errors);
      out.warnings.push(...meta.warnings.map((w) => `${l}: ${w}`));
      bump(out.duplicates, l, meta.duplicates);
    }
    out.errors.push(...docErrors);
    for (const [a, n] of Object.entries(docDuplicates)) bump(out.duplicates, a as AssetName, n ?? 0);

    for (const a of assets) {
      if (!isListAsset(a) || a in KIND_LIST_REVERSE) continue;
      const w = writers.get(a)!;
      for await (const item of readJsonl(checkpoint.listPath(a))) await w.write(item);
    }

    for (const c of copiers.values()) await c.close();
    // Commits (each one a sync) overlap; the files list stays in asset order.
    const files = await Promise.all(assets.map((a) => writers.get(a)!.commit()));
    for (const file of files) {
      out.files.push(file);
      out.counts[file.asset as AssetName] = file.rows;
    }
    await index.commit({
      v: 1,
      ts: opts.ts,
      format: opts.format,
      assets: [...assets],
      files: Object.fromEntries(out.files.map((f) => [f.asset, f.bytes])),
      runsSinceFull: opts.runsSinceFull,
    });
    return out;
  } catch (err) {
    await Promise.all([...copiers.values()].map((c) => c.close().catch(() => undefined)));
    await Promise.all([...writers.values()].map((w) => w.abort().catch(() => undefined)));
    await index?.abort().catch(() => undefined);
    throw err;
  }
}

/** How many journaled documents are read ahead of the one being written. */
const READ_AHEAD = 32;

/**
 * Yields each list entry with its journaled document's load already under way, up to
 * {@link READ_AHEAD} entries ahead: file reads overlap instead of queueing one by one.
 */
async function* readAhead<D>(
  items: AsyncIterable<unknown>,
  idKey: string,
  needsDoc: (id: string) => boolean,
  load: (id: string) => Promise<D>,
): AsyncGenerator<{ item: unknown; id: string; loaded: Promise<D> | undefined }> {
  const window: Array<{ item: unknown; id: string; loaded: Promise<D> | undefined }> = [];
  try {
    for await (const item of items) {
      const id = String((item as RawObject)[idKey]);
      const loaded = needsDoc(id) ? load(id) : undefined;
      // Rejections are seen when the entry's turn comes; this only keeps Node from flagging them early.
      loaded?.catch(() => undefined);
      window.push({ item, id, loaded });
      if (window.length > READ_AHEAD) yield window.shift()!;
    }
    while (window.length > 0) yield window.shift()!;
  } finally {
    window.length = 0;
  }
}

const KIND_LIST_REVERSE: Record<string, DocKind> = Object.fromEntries(
  Object.entries(KIND_LIST).map(([k, l]) => [l, k as DocKind]),
);
