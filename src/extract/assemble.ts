/**
 * Builds the final asset files from the run journal: for each document kind, the journaled
 * list is replayed in Sigma's order and each document's rows are appended to the asset files,
 * one document in memory at a time. Output order therefore never depends on request timing.
 * Counters and errors for the summary are gathered on the way (so a resumed run reports the
 * whole run, not just its last part).
 */
import { DOC_KINDS, KIND_LIST, LISTS, isListAsset, selectedChildren } from "./assets.js";
import type { AssetName, ChildAsset, DocKind, ListAsset } from "./assets.js";
import type { Checkpoint, ListMeta } from "./checkpoint.js";
import type { RawObject } from "./endpoints.js";
import type { ExtractIssue } from "./issues.js";
import { readJsonl } from "../shared/row-reader.js";
import { openRowWriter } from "../shared/row-writer.js";
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
  onDocument?: (() => void) | undefined;
}

/** Writes every selected asset file; see the module comment. */
export async function assemble(opts: AssembleOptions): Promise<AssembleResult> {
  const { checkpoint, assets } = opts;
  const writers = new Map<AssetName, RowWriter>();
  const out: AssembleResult = { files: [], counts: {}, documents: {}, errors: [], archived: [], warnings: [], noLineage: 0, duplicates: {} };
  const bump = (rec: Partial<Record<AssetName, number>>, a: AssetName, n: number) => {
    if (n > 0) rec[a] = (rec[a] ?? 0) + n;
  };
  try {
    for (const a of assets) writers.set(a, await openRowWriter(opts.outDir, opts.ts, a, opts.format, checkpoint.fs));
    const metas = new Map<ListAsset, ListMeta>();
    for (const l of opts.lists) {
      const meta = await checkpoint.listMeta(l);
      if (!meta) throw new Error(`internal: list ${l} was not journaled`);
      metas.set(l, meta);
      out.errors.push(...meta.errors);
      out.warnings.push(...meta.warnings.map((w) => `${l}: ${w}`));
      bump(out.duplicates, l, meta.duplicates);
    }

    for (const kind of DOC_KINDS) {
      const list = KIND_LIST[kind];
      if (!metas.has(list)) continue;
      const children = selectedChildren(kind, assets);
      const listWriter = writers.get(list);
      const counts: DocumentCounts = { listed: 0, fetched: 0, carried: 0, withErrors: 0 };
      out.documents[kind] = counts;
      for await (const item of readJsonl(checkpoint.listPath(list))) {
        counts.listed++;
        if (listWriter) await listWriter.write(item);
        if (children.length === 0) continue;
        const id = String((item as RawObject)[LISTS[list]]);
        const doc = await checkpoint.loadDoc(kind, id);
        if (!doc) {
          // Cannot happen unless the journal was tampered with; never drop silently.
          out.errors.push({ asset: children.join(","), documentType: kind, documentId: id, error: "NotFetched", message: "document was listed but never fetched" });
          continue;
        }
        if (doc.carried) counts.carried++;
        else counts.fetched++;
        if (doc.errors.length > 0) counts.withErrors++;
        out.errors.push(...doc.errors);
        out.noLineage += doc.noLineage;
        out.archived.push(...(doc.archived ?? []));
        for (const [a, n] of Object.entries(doc.duplicates)) bump(out.duplicates, a as ChildAsset, n ?? 0);
        for (const a of children) {
          const w = writers.get(a);
          const rows = doc.rows[a];
          if (!w || !rows) continue;
          for (const row of rows) await w.write(row);
        }
        opts.onDocument?.();
      }
    }

    for (const a of assets) {
      if (!isListAsset(a) || a in KIND_LIST_REVERSE) continue;
      const w = writers.get(a)!;
      for await (const item of readJsonl(checkpoint.listPath(a))) await w.write(item);
    }

    for (const a of assets) {
      const file = await writers.get(a)!.commit();
      out.files.push(file);
      out.counts[a] = file.rows;
    }
    return out;
  } catch (err) {
    await Promise.all([...writers.values()].map((w) => w.abort().catch(() => undefined)));
    throw err;
  }
}

const KIND_LIST_REVERSE: Record<string, DocKind> = Object.fromEntries(
  Object.entries(KIND_LIST).map(([k, l]) => [l, k as DocKind]),
);
