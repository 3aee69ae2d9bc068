/**
 * Copies carried documents' rows from an earlier run's asset file into the new one, as bytes.
 * Consecutive documents that were also consecutive in the earlier file become one range (the
 * separator between them comes along), so an unchanged estate is a handful of large copies.
 * Reads go in bounded chunks: memory does not grow with the file.
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import type { Segment } from "./carry-index.js";
import type { RowWriter } from "../shared/row-writer.js";

const CHUNK = 1024 * 1024;

/** The copier of one asset: earlier file → writer. */
export class SegmentCopier {
  readonly #from: string;
  readonly #writer: RowWriter;
  readonly #sepLength: number;
  #handle: FileHandle | undefined;
  /** The range waiting to be copied: earlier [start, end), its rows, and where it starts in the new file. */
  #pending: { start: number; end: number; rows: number; outStart: number } | undefined;
  /** Bytes copied so far. */
  copied = 0;

  constructor(from: string, writer: RowWriter, separator: string) {
    this.#from = from;
    this.#writer = writer;
    this.#sepLength = separator.length;
  }

  /**
   * Queues one document's segment (writing what was queued first when it does not follow);
   * returns where it will sit in the new file. Anything else written to the same writer must be
   * preceded by {@link flush}.
   */
  async add(seg: Segment): Promise<Segment> {
    const [start, length, rows] = seg;
    const p = this.#pending;
    if (p && start === p.end + this.#sepLength) {
      const outStart = p.outStart + (start - p.start);
      p.end = start + length;
      p.rows += rows;
      return [outStart, length, rows];
    }
    // Not adjacent: what is queued is written first, so the writer's offset is the new range's.
    if (p) await this.flush();
    this.#pending = { start, end: start + length, rows, outStart: this.#writer.nextRowOffset };
    return [this.#pending.outStart, length, rows];
  }

  /** Writes the queued range. */
  async flush(): Promise<void> {
    const p = this.#pending;
    if (!p) return;
    this.#pending = undefined;
    this.#handle ??= await open(this.#from, "r");
    const handle = this.#handle;
    const from = this.#from;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = p!.start; at < p!.end; ) {
        const want = Math.min(CHUNK, p!.end - at);
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await handle.read(buf, 0, want, at);
        if (bytesRead <= 0) throw new Error(`${from} ended early (changed during the run?)`);
        at += bytesRead;
        yield bytesRead === want ? buf : buf.subarray(0, bytesRead);
      }
    }
    await this.#writer.writeSerialized(chunks(), p.rows);
    this.copied += p.end - p.start;
  }

  /** Flushes and closes the earlier file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#handle?.close();
      this.#handle = undefined;
    }
  }
}
