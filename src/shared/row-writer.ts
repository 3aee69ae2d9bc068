/**
 * Streams one asset's rows to `<dir>/<ts>-<asset>.json` (castor: one JSON array, Python
 * `json.dumps` bytes) or `<ts>-<asset>.jsonl` (one `JSON.stringify` row per line), atomically.
 * Rows are written as they come: memory holds one row, never the whole asset.
 */
import { join } from "node:path";
import { AtomicFile } from "./atomic-file.js";
import type { ExtractFileSystem } from "./file-system.js";
import { pyJsonDumps } from "./py-json.js";

/** Output formats of `sigmactl extract`. */
export type OutputFormat = "castor" | "jsonl";

/** The file name of one asset of a run (`<ts>-<asset>.json` or `.jsonl`). */
export function assetFileName(ts: number, asset: string, format: OutputFormat): string {
  return `${ts}-${asset}.${format === "castor" ? "json" : "jsonl"}`;
}

/** Bytes between two rows of a file: castor's `", "` (Python's item separator), nothing in JSONL (each row ends its line). */
export function rowSeparator(format: OutputFormat): string {
  return format === "castor" ? ", " : "";
}

/** One row as the file holds it (castor: `json.dumps` bytes; JSONL: the line with its newline). */
export function serializeRow(row: unknown, format: OutputFormat): string {
  return format === "castor" ? pyJsonDumps(row) : `${JSON.stringify(row)}\n`;
}

/**
 * Rows pre-serialised as a fragment of an asset file: rows joined by the format's separator,
 * without a leading one. Fragments of one format concatenate (with the separator) into the
 * same bytes the rows would give written one by one.
 */
export function serializeRows(rows: readonly unknown[], format: OutputFormat): string {
  return rows.map((r) => serializeRow(r, format)).join(rowSeparator(format));
}

/** What a finished asset file holds. */
export interface WrittenFile {
  asset: string;
  path: string;
  rows: number;
  bytes: number;
}

/** A streaming, atomic writer of one asset file. */
export interface RowWriter {
  readonly asset: string;
  readonly path: string;
  readonly rows: number;
  /** Bytes written so far (buffered ones included): where the next byte goes. */
  readonly position: number;
  /** Where the next row's own bytes will start (after the separator, when one is due). */
  readonly nextRowOffset: number;
  write(row: unknown): Promise<void>;
  /**
   * Appends `rows` rows already serialised by a writer of the same format (a fragment, see
   * {@link serializeRows}), given as one or more chunks: bytes are copied, never parsed.
   */
  writeSerialized(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, rows: number): Promise<void>;
  /** Closes the array (castor), syncs and renames the file into place. */
  commit(): Promise<WrittenFile>;
  /** Drops the temporary file. */
  abort(): Promise<void>;
}

/** Opens a writer for `asset` in `dir`. */
export async function openRowWriter(dir: string, ts: number, asset: string, format: OutputFormat, fs?: ExtractFileSystem): Promise<RowWriter> {
  const path = join(dir, assetFileName(ts, asset, format));
  const file = await AtomicFile.open(path, fs);
  let rows = 0;
  let position = 0;
  const sep = rowSeparator(format);
  const put = async (chunk: string | Uint8Array) => {
    // castor bytes are ASCII (ensure_ascii); JSONL may not be: count UTF-8 bytes.
    position += typeof chunk === "string" ? Buffer.byteLength(chunk, "utf8") : chunk.length;
    await file.write(chunk);
  };
  if (format === "castor") await put("[");
  return {
    asset,
    path,
    get rows() {
      return rows;
    },
    get position() {
      return position;
    },
    get nextRowOffset() {
      return position + (rows > 0 ? sep.length : 0);
    },
    async write(row) {
      if (rows > 0 && sep !== "") await put(sep);
      await put(serializeRow(row, format));
      rows++;
    },
    async writeSerialized(chunks, n) {
      if (n <= 0) return;
      if (rows > 0 && sep !== "") await put(sep);
      for await (const c of chunks) await put(c);
      rows += n;
    },
    async commit() {
      if (format === "castor") await put("]");
      const bytes = await file.commit();
      return { asset, path, rows, bytes };
    },
    abort: () => file.abort(),
  };
}
