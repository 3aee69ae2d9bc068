/**
 * `--since last`: finds the newest finished sigmactl run in the output directory and carries
 * forward the rows of every document whose `updatedAt` did not change. The previous files are
 * streamed (never loaded whole): its list gives each document's `updatedAt`, and its child
 * files, which are grouped by document in list order, are read in step with that list.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { KIND_LIST, LISTS } from "./assets.js";
import type { AssetName, ChildAsset, DocKind } from "./assets.js";
import type { Checkpoint, DocResult } from "./checkpoint.js";
import type { RawObject } from "./endpoints.js";
import { readRows } from "../shared/row-reader.js";
import { assetFileName } from "../shared/row-writer.js";
import type { OutputFormat } from "../shared/row-writer.js";

/** What is needed from an earlier run. */
export interface PreviousRun {
  ts: number;
  dir: string;
  format: OutputFormat;
  assets: ReadonlySet<string>;
  /** `kind:id` of documents that had errors then (always fetched again). */
  failed: ReadonlySet<string>;
}

interface SummaryShape {
  tool?: string;
  format?: OutputFormat;
  assets?: string[];
  errors?: Array<{ documentType?: string; documentId?: string }>;
}

/** The newest finished sigmactl run in `dir` older than `beforeTs` (or exactly `only`), if any. */
export async function findPreviousRun(dir: string, beforeTs: number, only?: number): Promise<PreviousRun | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const runs = names
    .map((n) => /^(\d+)-summary\.json$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((ts) => (only === undefined ? ts < beforeTs : ts === only))
    .sort((a, b) => b - a);
  for (const ts of runs) {
    let s: SummaryShape;
    try {
      s = JSON.parse(await readFile(join(dir, `${ts}-summary.json`), "utf8")) as SummaryShape;
    } catch {
      continue;
    }
    // castor's own runs lack the keys this needs: skip them.
    if (s.tool !== "sigmactl" || !s.format || !Array.isArray(s.assets)) continue;
    const failed = new Set((s.errors ?? []).filter((e) => e.documentId).map((e) => `${e.documentType}:${e.documentId}`));
    return { ts, dir, format: s.format, assets: new Set(s.assets), failed };
  }
  return undefined;
}

/** True when the earlier run holds every file needed to carry `kind`'s documents with `children`. */
export async function canCarry(prev: PreviousRun, kind: DocKind, children: readonly ChildAsset[]): Promise<boolean> {
  const needed: AssetName[] = [KIND_LIST[kind], ...children];
  for (const a of needed) {
    if (!prev.assets.has(a)) return false;
    try {
      await stat(join(prev.dir, assetFileName(prev.ts, a, prev.format)));
    } catch {
      return false;
    }
  }
  return true;
}

/** `id → updatedAt` of the earlier run's documents of `kind` that finished without errors. */
export async function previousIndex(prev: PreviousRun, kind: DocKind): Promise<Map<string, string>> {
  const list = KIND_LIST[kind];
  const idKey = LISTS[list];
  const out = new Map<string, string>();
  for await (const row of readRows(join(prev.dir, assetFileName(prev.ts, list, prev.format)), prev.format)) {
    const r = row as RawObject;
    const id = String(r[idKey]);
    if (prev.failed.has(`${kind}:${id}`)) continue;
    out.set(id, String(r.updatedAt ?? ""));
  }
  return out;
}

/** The document a child row belongs to (the keys castor and sigmactl add). */
export function docIdOfRow(asset: ChildAsset, row: RawObject): string {
  if (asset === "workbook_sources" || asset === "datamodel_sources" || asset === "dataset_sources") return String(row.asset_id);
  if (asset === "materialization_schedules") return String(row.asset_id);
  if (asset.startsWith("datamodel_")) return String(row.datamodel_id);
  return String(row.workbook_id);
}

/** A row iterator that can look one row ahead. */
class Peekable {
  #it: AsyncIterator<unknown>;
  #head: { value: RawObject } | null | undefined;
  constructor(it: AsyncIterable<unknown>) {
    this.#it = it[Symbol.asyncIterator]();
  }
  async peek(): Promise<RawObject | undefined> {
    if (this.#head === undefined) {
      const n = await this.#it.next();
      this.#head = n.done ? null : { value: n.value as RawObject };
    }
    return this.#head?.value;
  }
  take(): void {
    this.#head = undefined;
  }
}

/**
 * Journals carried-forward results for the documents of `kind` listed in `carry`, reading the
 * earlier run's files in step. Returns how many documents were carried.
 */
export async function carryForward(
  prev: PreviousRun,
  kind: DocKind,
  children: readonly ChildAsset[],
  carry: ReadonlySet<string>,
  checkpoint: Checkpoint,
): Promise<number> {
  if (carry.size === 0) return 0;
  const list = KIND_LIST[kind];
  const idKey = LISTS[list];
  const readers = new Map<ChildAsset, Peekable>();
  for (const a of children) {
    const rows = readRows(join(prev.dir, assetFileName(prev.ts, a, prev.format)), prev.format);
    // materialization_schedules holds data models' rows, then workbooks': keep this kind's only.
    readers.set(a, new Peekable(a === "materialization_schedules" ? ofKind(rows, kind) : rows));
  }
  let carried = 0;
  for await (const item of readRows(join(prev.dir, assetFileName(prev.ts, list, prev.format)), prev.format)) {
    const id = String((item as RawObject)[idKey]);
    const result: DocResult = { kind, id, rows: {}, errors: [], noLineage: 0, duplicates: {}, carried: true };
    for (const [asset, reader] of readers) {
      const rows: RawObject[] = [];
      for (let row = await reader.peek(); row !== undefined; row = await reader.peek()) {
        if (docIdOfRow(asset, row) !== id) break;
        rows.push(row);
        reader.take();
      }
      if (rows.length > 0) result.rows[asset] = rows;
    }
    if (carry.has(id) && !(await checkpoint.hasDoc(kind, id))) {
      await checkpoint.saveDoc(result);
      carried++;
    }
  }
  return carried;
}

async function* ofKind(rows: AsyncIterable<unknown>, kind: DocKind): AsyncGenerator<unknown> {
  for await (const r of rows) if ((r as RawObject).asset_type === kind) yield r;
}
