/**
 * A file that appears under its final name only once complete: bytes go to
 * `<name>.tmp-<pid>` next to it, then `commit()` flushes, syncs and renames. A crash (even
 * kill -9) leaves at most a `.tmp-<pid>` file, never a half-written file under the final name.
 * Every write is checked: a short write is continued, and a failing one (a full disk) deletes
 * the temporary file and throws (LocalIoError for ENOSPC, EDQUOT...), so nothing partial is
 * ever committed.
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { LocalIoError } from "../errors.js";
import { nodeFileSystem } from "./file-system.js";
import type { ExtractFileSystem, WriteHandle } from "./file-system.js";
import { asLocalIoError } from "./io-error.js";

// Writes are batched: one syscall per ~256 KiB keeps throughput high without holding much memory.
const FLUSH_AT = 256 * 1024;

/** Suffix of in-progress files; anything matching it is garbage after a crash. */
export const TMP_MARKER = ".tmp-";

/** A write-then-rename file; see the module comment. */
export class AtomicFile {
  readonly path: string;
  readonly tmpPath: string;
  readonly #fs: ExtractFileSystem;
  #handle: WriteHandle;
  #chunks: Array<string | Uint8Array> = [];
  #pending = 0;
  #bytes = 0;
  #closed = false;
  /** Set once a write failed: the file can only be aborted. */
  #failed: unknown;

  private constructor(path: string, tmpPath: string, handle: WriteHandle, fs: ExtractFileSystem) {
    this.path = path;
    this.tmpPath = tmpPath;
    this.#handle = handle;
    this.#fs = fs;
  }

  /** Opens `<path>.tmp-<pid>` for writing (truncating a leftover from an earlier crash of this pid). */
  static async open(path: string, fs: ExtractFileSystem = nodeFileSystem): Promise<AtomicFile> {
    const tmpPath = `${path}${TMP_MARKER}${process.pid}`;
    let handle: WriteHandle;
    try {
      handle = await fs.open(tmpPath);
    } catch (err) {
      throw asLocalIoError(err, "create", tmpPath);
    }
    return new AtomicFile(path, tmpPath, handle, fs);
  }

  /** Bytes flushed to disk so far (all of them once committed). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends text (UTF-8) or bytes; resolves once buffered (and flushed when the buffer is large). */
  async write(text: string | Uint8Array): Promise<void> {
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#closed) throw new Error(`write after close: ${this.path}`);
    // A small view of a larger buffer (one asset's fragment of a journaled document) would keep
    // all of that buffer alive until the flush: buffered writers would hold many of them.
    if (typeof text !== "string" && text.byteLength * 2 < text.buffer.byteLength) text = Buffer.from(text);
    this.#chunks.push(text);
    this.#pending += text.length;
    if (this.#pending >= FLUSH_AT) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#chunks.length === 0) return;
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#pending = 0;
    // Runs of text are joined into one buffer; bytes (copied segments) are written as they
    // are, so a large copy is never duplicated in memory.
    let text: string[] = [];
    for (const c of chunks) {
      if (typeof c === "string") {
        text.push(c);
        continue;
      }
      if (text.length > 0) await this.#writeAll(Buffer.from(text.join(""), "utf8"));
      text = [];
      await this.#writeAll(c);
    }
    if (text.length > 0) await this.#writeAll(Buffer.from(text.join(""), "utf8"));
  }

  async #writeAll(buf: Uint8Array): Promise<void> {
    // write(2) may write less than asked (a nearly full disk does): continue from where it
    // stopped; no progress at all is a failure, never a silently shorter file.
    let offset = 0;
    while (offset < buf.length) {
      let written: number;
      try {
        written = (await this.#handle.write(buf, offset, buf.length - offset)).bytesWritten;
      } catch (err) {
        throw await this.#fail(asLocalIoError(err, "write", this.path));
      }
      if (!(written > 0)) {
        throw await this.#fail(
          new LocalIoError({
            message: `cannot write ${this.path}: the file system accepted ${offset} of ${buf.length} bytes (disk full?)`,
            code: "EIO",
            path: this.path,
            suggestions: ["check free space on that disk (or choose another output directory, `outDir`)"],
          }),
        );
      }
      offset += written;
      this.#bytes += written;
    }
  }

  /** Drops the temporary file after a failure and remembers the error; returns it for `throw`. */
  async #fail(err: unknown): Promise<unknown> {
    this.#failed = err;
    await this.abort().catch(() => undefined);
    return err;
  }

  /**
   * Flushes, syncs (unless `sync: false`) and renames onto the final path. Returns the size in
   * bytes. Without the sync a process crash is still safe (the kernel has the bytes); only a
   * power loss could lose them, which journal files can afford. On any failure the temporary
   * file is deleted and the final path left as it was.
   */
  async commit(opts: { sync?: boolean } = {}): Promise<number> {
    if (this.#failed !== undefined) throw this.#failed;
    await this.#flush();
    try {
      // A delayed-allocation file system may report a full disk only here.
      if (opts.sync !== false) await this.#handle.datasync();
      this.#closed = true;
      await this.#handle.close();
    } catch (err) {
      throw await this.#fail(asLocalIoError(err, "write", this.path));
    }
    try {
      await this.#fs.rename(this.tmpPath, this.path);
    } catch (err) {
      throw await this.#fail(asLocalIoError(err, "create", this.path));
    }
    return this.#bytes;
  }

  /** Closes and deletes the temporary file; the final path is left untouched. Idempotent. */
  async abort(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => undefined);
    }
    await this.#fs.rm(this.tmpPath);
  }
}

/** Writes a whole small file atomically (state files, summaries). */
export async function writeFileAtomic(path: string, text: string, opts: { sync?: boolean; fs?: ExtractFileSystem } = {}): Promise<number> {
  const f = await AtomicFile.open(path, opts.fs);
  try {
    await f.write(text);
    return await f.commit(opts);
  } catch (err) {
    await f.abort().catch(() => undefined);
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
