/**
 * The carry index of a finished run, `DIR/.sigmactl/runs/<ts>.jsonl`: one line per listed
 * document (its list entry's fingerprint, `updatedAt`, `latestVersion`, the data models and
 * datasets it reads, whether it had skipped parts, and where its rows sit in each asset file:
 * byte offset, length, rows), then a last line with the run's format, assets and file sizes.
 * `--since last` copies an unchanged document's byte ranges from the earlier files instead of
 * parsing and re-serialising them, so an incremental run costs what changed. The file sizes
 * guard against files edited since: a mismatch means no carry (a full run), never wrong bytes.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ChildAsset, DocKind } from "./assets.js";
import type { ExtractIssue } from "./issues.js";
import { AtomicFile } from "../shared/atomic-file.js";
import type { ExtractFileSystem } from "../shared/file-system.js";
import { nodeFileSystem } from "../shared/file-system.js";
import { asLocalIoError } from "../shared/io-error.js";
import { assetFileName } from "../shared/row-writer.js";
import type { OutputFormat } from "../shared/row-writer.js";

/** Folder (inside `DIR/.sigmactl`) holding the carry index of every finished run. */
export const INDEX_DIR = "runs";

/** Where a document's rows sit in one asset file: `[byte offset, byte length, rows]`. */
export type Segment = [number, number, number];

/** One document of a finished run. */
export interface IndexedDoc {
  kind: DocKind;
  id: string;
  /** Fingerprint of the list entry as Sigma sent it (see change-plan.ts). */
  fp: string;
  updatedAt?: string | undefined;
  latestVersion?: unknown;
  /** Ids of the data models and datasets the document reads (from its sources and lineage). */
  deps: string[];
  /** True when a part of it was skipped then: such a document is always fetched again. */
  err: boolean;
  /** Sigma's "no lineage" answers counted for it. */
  nl: number;
  /** Duplicates dropped from its rows, per asset. */
  dup: Partial<Record<ChildAsset, number>>;
  /** Parts Sigma refused because a source is archived (warnings, carried with the rows); absent when none. */
  arch?: ExtractIssue[] | undefined;
  /** Its rows per asset file (absent: no rows). */
  seg: Partial<Record<ChildAsset, Segment>>;
}

/** The index's last line: what the run wrote. */
export interface IndexTrailer {
  v: 1;
  ts: number;
  format: OutputFormat;
  assets: string[];
  /** Size in bytes of each asset file, checked before bytes are copied from it. */
  files: Record<string, number>;
  /** Incremental runs since the last full one (0: this run was full). */
  runsSinceFull: number;
}

/** A loaded index. */
export interface CarryIndex {
  trailer: IndexTrailer;
  /** `kind:id` → document. */
  docs: Map<string, IndexedDoc>;
}

/** `kind:id`, the key of a document across kinds. */
export const docKey = (kind: DocKind, id: string): string => `${kind}:${id}`;

/** Path of the carry index of run `ts`. */
export function carryIndexPath(outDir: string, ts: number): string {
  return join(outDir, ".sigmactl", INDEX_DIR, `${ts}.jsonl`);
}

/** Streams a run's index to disk (atomically: it appears once complete). */
export class CarryIndexWriter {
  #file: AtomicFile;
  private constructor(file: AtomicFile) {
    this.#file = file;
  }

  /** Opens the index of run `ts` for writing. */
  static async open(outDir: string, ts: number, fs: ExtractFileSystem = nodeFileSystem): Promise<CarryIndexWriter> {
    const dir = join(outDir, ".sigmactl", INDEX_DIR);
    try {
      await fs.mkdir(dir);
    } catch (err) {
      throw asLocalIoError(err, "create directory", dir);
    }
    return new CarryIndexWriter(await AtomicFile.open(carryIndexPath(outDir, ts), fs));
  }

  /** Adds one document. */
  async add(doc: IndexedDoc): Promise<void> {
    await this.#file.write(`${JSON.stringify(doc)}\n`);
  }

  /** Writes the trailer and renames the index into place. */
  async commit(trailer: IndexTrailer): Promise<void> {
    await this.#file.write(`${JSON.stringify({ trailer })}\n`);
    await this.#file.commit({ sync: false });
  }

  /** Drops the temporary file. */
  async abort(): Promise<void> {
    await this.#file.abort();
  }
}

/**
 * Loads run `ts`'s index and checks its asset files are still the ones it describes. Returns
 * the index, or why it cannot be used (missing, unreadable, a file changed or gone).
 */
export async function loadCarryIndex(outDir: string, ts: number): Promise<CarryIndex | { unusable: string }> {
  let text: string;
  try {
    text = await readFile(carryIndexPath(outDir, ts), "utf8");
  } catch {
    return { unusable: "it has no carry index (made by an older sigmactl?)" };
  }
  const docs = new Map<string, IndexedDoc>();
  let trailer: IndexTrailer | undefined;
  try {
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const o = JSON.parse(line) as IndexedDoc | { trailer: IndexTrailer };
      if ("trailer" in o) trailer = o.trailer;
      else docs.set(docKey(o.kind, o.id), o);
    }
  } catch {
    return { unusable: "its carry index is unreadable" };
  }
  if (trailer?.v !== 1 || trailer.ts !== ts) return { unusable: "its carry index is incomplete" };
  for (const [asset, size] of Object.entries(trailer.files)) {
    const file = join(outDir, assetFileName(ts, asset, trailer.format));
    let st;
    try {
      st = await stat(file);
    } catch {
      return { unusable: `${file} is gone` };
    }
    if (st.size !== size) return { unusable: `${file} changed since it was written` };
  }
  return { trailer, docs };
}
