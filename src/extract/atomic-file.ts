/**
 * A file that appears under its final name only once complete: bytes go to
 * `<name>.tmp-<pid>` next to it, then `commit()` flushes, syncs and renames. A crash (even
 * kill -9) leaves at most a `.tmp-<pid>` file, never a half-written file under the final name.
 */
import { open, rename, rm, readdir } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";

// Writes are batched: one syscall per ~256 KiB keeps throughput high without holding much memory.
const FLUSH_AT = 256 * 1024;

/** Suffix of in-progress files; anything matching it is garbage after a crash. */
export const TMP_MARKER = ".tmp-";

/** A write-then-rename file; see the module comment. */
export class AtomicFile {
  readonly path: string;
  readonly tmpPath: string;
  #handle: FileHandle;
  #chunks: string[] = [];
  #pending = 0;
  #bytes = 0;
  #closed = false;

  private constructor(path: string, tmpPath: string, handle: FileHandle) {
    this.path = path;
    this.tmpPath = tmpPath;
    this.#handle = handle;
  }

  /** Opens `<path>.tmp-<pid>` for writing (truncating a leftover from an earlier crash of this pid). */
  static async open(path: string): Promise<AtomicFile> {
    const tmpPath = `${path}${TMP_MARKER}${process.pid}`;
    const handle = await open(tmpPath, "w");
    return new AtomicFile(path, tmpPath, handle);
  }

  /** Bytes flushed to disk so far (all of them once committed). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends text; resolves once buffered (and flushed when the buffer is large). */
  async write(text: string): Promise<void> {
    if (this.#closed) throw new Error(`write after close: ${this.path}`);
    this.#chunks.push(text);
    this.#pending += text.length;
    if (this.#pending >= FLUSH_AT) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#chunks.length === 0) return;
    const buf = Buffer.from(this.#chunks.join(""), "utf8");
    this.#chunks = [];
    this.#pending = 0;
    this.#bytes += buf.length;
    await this.#handle.write(buf);
  }

  /**
   * Flushes, syncs (unless `sync: false`) and renames onto the final path. Returns the size in
   * bytes. Without the sync a process crash is still safe (the kernel has the bytes); only a
   * power loss could lose them, which journal files can afford.
   */
  async commit(opts: { sync?: boolean } = {}): Promise<number> {
    await this.#flush();
    if (opts.sync !== false) await this.#handle.datasync();
    await this.#handle.close();
    this.#closed = true;
    await rename(this.tmpPath, this.path);
    return this.#bytes;
  }

  /** Closes and deletes the temporary file; the final path is left untouched. */
  async abort(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => undefined);
    }
    await rm(this.tmpPath, { force: true });
  }
}

/** Writes a whole small file atomically (state files, summaries). */
export async function writeFileAtomic(path: string, text: string, opts: { sync?: boolean } = {}): Promise<number> {
  const f = await AtomicFile.open(path);
  try {
    await f.write(text);
    return await f.commit(opts);
  } catch (err) {
    await f.abort();
    throw err;
  }
}

/** Deletes leftovers of interrupted writes in `dir` whose name starts with `prefix`. Returns how many. */
export async function removeStaleTmpFiles(dir: string, prefix = ""): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => n.startsWith(prefix) && n.includes(TMP_MARKER));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
  return stale.length;
}
