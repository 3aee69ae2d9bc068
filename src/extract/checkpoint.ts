/**
 * The run's working directory, `DIR/.sigmactl/<ts>/`: the journal that makes a run resumable
 * and its output deterministic. Each finished document goes to its own small file (written
 * atomically, so "the file exists" means "the document is done"): one JSON line of meta, then
 * its rows already serialised in the run's format, one fragment per asset, so assembling the
 * final files copies bytes instead of parsing and re-serialising. Each finished list is kept as
 * JSONL plus a meta file. The final asset files are assembled from these in list order.
 */
import { createHash } from "node:crypto";
import { readFile, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ChildAsset, DocKind, ListAsset } from "./assets.js";
import { AtomicFile, writeFileAtomic } from "../shared/atomic-file.js";
import { nodeFileSystem } from "../shared/file-system.js";
import type { ExtractFileSystem } from "../shared/file-system.js";
import { asLocalIoError } from "../shared/io-error.js";
import type { ExtractIssue } from "./issues.js";
import { serializeRows } from "../shared/row-writer.js";

/** Name of the hidden folder inside the output directory. */
export const STATE_DIR = ".sigmactl";

/** Everything fetched (or carried forward) for one document. */
export interface DocResult {
  kind: DocKind;
  id: string;
  rows: Partial<Record<ChildAsset, unknown[]>>;
  /** Skipped parts of this document (403/404/409/...), recorded in the summary. */
  errors: ExtractIssue[];
  /** Elements (or whole workbooks) for which Sigma answered its ordinary "no lineage". */
  noLineage: number;
  /** Parts Sigma refused with 409 inode_archived (a source is archived): warnings, not errors. */
  archived?: ExtractIssue[] | undefined;
  /** Duplicate rows Sigma returned and we dropped, per asset. */
  duplicates: Partial<Record<ChildAsset, number>>;
}

/** A journaled document: its result without the rows, which are kept as serialised fragments. */
export interface JournaledDoc extends Omit<DocResult, "rows"> {
  /** Data models and datasets it reads (for `--since last` of a later run). */
  deps: string[];
  /** Per asset with rows: the row count and the fragment (rows joined by the format's separator). */
  parts: Array<{ asset: ChildAsset; rows: number; bytes: Buffer }>;
}

interface DocMeta extends Omit<JournaledDoc, "parts"> {
  parts: Array<[ChildAsset, number, number]>;
}

/** What is known about a finished list. */
export interface ListMeta {
  list: ListAsset;
  count: number;
  duplicates: number;
  total?: number | undefined;
  errors: ExtractIssue[];
  warnings: string[];
}

/** The parameters a run was started with; `--resume` reuses them. */
export interface RunInfo {
  ts: number;
  host: string;
  assets: string[];
  format: "castor" | "jsonl";
  /** Timestamp of the run carried forward by `--since last`, if any. */
  since?: number | undefined;
  /** Incremental runs since the last full one, this one included (0: a full run). */
  runsSinceFull?: number | undefined;
  startedAt: string;
}

// Ids are UUIDs or base62 in practice; anything else is hashed so it is always a safe file name.
function safeName(id: string): string {
  return /^[A-Za-z0-9_-]{1,120}$/.test(id) ? id : createHash("sha1").update(id).digest("hex");
}

/** The journal of one run; see the module comment. */
export class Checkpoint {
  readonly dir: string;
  readonly info: RunInfo;
  /** Where the run's files are written (node:fs, or a failing one in tests). */
  readonly fs: ExtractFileSystem;
  #madeDirs = new Set<string>();

  private constructor(dir: string, info: RunInfo, fs: ExtractFileSystem) {
    this.dir = dir;
    this.info = info;
    this.fs = fs;
  }

  /** The journal folder of run `ts` in `outDir`. */
  static dirFor(outDir: string, ts: number): string {
    return join(outDir, STATE_DIR, String(ts));
  }

  /** Starts a new journal (or reuses one with the same ts) and records the run's parameters. */
  static async create(outDir: string, info: RunInfo, fs: ExtractFileSystem = nodeFileSystem): Promise<Checkpoint> {
    const dir = Checkpoint.dirFor(outDir, info.ts);
    await makeDir(fs, join(dir, "lists"));
    await writeFileAtomic(join(dir, "run.json"), `${JSON.stringify(info, null, 2)}\n`, { fs });
    return new Checkpoint(dir, info, fs);
  }

  /** Opens the journal of run `ts`, or undefined when there is none. */
  static async open(outDir: string, ts: number, fs: ExtractFileSystem = nodeFileSystem): Promise<Checkpoint | undefined> {
    const dir = Checkpoint.dirFor(outDir, ts);
    try {
      const info = JSON.parse(await readFile(join(dir, "run.json"), "utf8")) as RunInfo;
      return new Checkpoint(dir, info, fs);
    } catch {
      return undefined;
    }
  }

  /** Timestamps of the unfinished runs in `outDir`, newest first. */
  static async unfinished(outDir: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(join(outDir, STATE_DIR));
    } catch {
      return [];
    }
    const out: number[] = [];
    for (const n of names) {
      if (!/^\d+$/.test(n)) continue;
      if (await exists(join(outDir, STATE_DIR, n, "run.json"))) out.push(Number(n));
    }
    return out.sort((a, b) => b - a);
  }

  /** Path of the JSONL copy of a list. */
  listPath(list: ListAsset): string {
    return join(this.dir, "lists", `${list}.jsonl`);
  }

  /** The meta of a finished list, or undefined when the list did not finish. */
  async listMeta(list: ListAsset): Promise<ListMeta | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, "lists", `${list}.meta.json`), "utf8")) as ListMeta;
    } catch {
      return undefined;
    }
  }

  /** Marks a list finished (its JSONL must already be committed). */
  async saveListMeta(meta: ListMeta): Promise<void> {
    await writeFileAtomic(join(this.dir, "lists", `${meta.list}.meta.json`), JSON.stringify(meta), { fs: this.fs });
  }

  #docPath(kind: DocKind, id: string): { dir: string; file: string } {
    const name = safeName(id);
    const dir = join(this.dir, "docs", kind, name.slice(0, 2));
    return { dir, file: join(dir, `${name}.json`) };
  }

  /** True when the document's result is journaled. */
  async hasDoc(kind: DocKind, id: string): Promise<boolean> {
    return exists(this.#docPath(kind, id).file);
  }

  /** Journals a document's result (atomically), its rows serialised in the run's format; returns what was journaled. */
  async saveDoc(result: DocResult, deps: string[] = []): Promise<JournaledDoc> {
    const { dir, file } = this.#docPath(result.kind, result.id);
    if (!this.#madeDirs.has(dir)) {
      await makeDir(this.fs, dir);
      this.#madeDirs.add(dir);
    }
    const { rows, ...rest } = result;
    const fragments: Buffer[] = [];
    const meta: DocMeta = { ...rest, deps, parts: [] };
    for (const [asset, list] of Object.entries(rows) as Array<[ChildAsset, unknown[] | undefined]>) {
      if (!list || list.length === 0) continue;
      const bytes = Buffer.from(serializeRows(list, this.info.format), "utf8");
      meta.parts.push([asset, list.length, bytes.length]);
      fragments.push(bytes);
    }
    const f = await AtomicFile.open(file, this.fs);
    try {
      // One buffer, one write(2): a document is a handful of small fragments.
      await f.write(Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`, "utf8"), ...fragments]));
      await f.commit({ sync: false });
    } catch (err) {
      await f.abort().catch(() => undefined);
      throw err;
    }
    return { ...rest, deps, parts: meta.parts.map(([asset, n], i) => ({ asset, rows: n, bytes: fragments[i]! })) };
  }

  /**
   * True when the document's result is journaled and readable. A file that does not parse
   * (left by an older sigmactl that committed short writes) is deleted, so the document is
   * fetched again instead of failing every `--resume`.
   */
  async hasReadableDoc(kind: DocKind, id: string): Promise<boolean> {
    const { file } = this.#docPath(kind, id);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw err;
    }
    if (parseDoc(Buffer.from(text, "utf8"))) return true;
    await rm(file, { force: true });
    return false;
  }

  /** Reads a journaled result, or undefined when the document was never finished. */
  async loadDoc(kind: DocKind, id: string): Promise<JournaledDoc | undefined> {
    let buf: Buffer;
    try {
      buf = await readFile(this.#docPath(kind, id).file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    const doc = parseDoc(buf);
    if (!doc) throw new Error(`internal: the journal of ${kind} ${id} is unreadable`);
    return doc;
  }

  /** Deletes the journal (after a finished run). */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Reads a journaled document file; undefined when it is not whole (cut short, or another format). */
export function parseDoc(buf: Buffer): JournaledDoc | undefined {
  const nl = buf.indexOf(0x0a);
  if (nl < 0) return undefined;
  let meta: DocMeta;
  try {
    meta = JSON.parse(buf.subarray(0, nl).toString("utf8")) as DocMeta;
  } catch {
    return undefined;
  }
  if (!Array.isArray(meta.parts)) return undefined;
  let at = nl + 1;
  const parts: JournaledDoc["parts"] = [];
  for (const [asset, rows, len] of meta.parts) {
    parts.push({ asset, rows, bytes: buf.subarray(at, at + len) });
    at += len;
  }
  if (at !== buf.length) return undefined;
  return { ...meta, parts };
}

async function makeDir(fs: ExtractFileSystem, dir: string): Promise<void> {
  try {
    await fs.mkdir(dir);
  } catch (err) {
    throw asLocalIoError(err, "create directory", dir);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
