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
  write(row: unknown): Promise<void>;
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
  if (format === "castor") await file.write("[");
  return {
    asset,
    path,
    get rows() {
      return rows;
    },
    async write(row) {
      if (format === "castor") await file.write(rows === 0 ? pyJsonDumps(row) : `, ${pyJsonDumps(row)}`);
      else await file.write(`${JSON.stringify(row)}\n`);
      rows++;
    },
    async commit() {
      if (format === "castor") await file.write("]");
      const bytes = await file.commit();
      return { asset, path, rows, bytes };
    },
    abort: () => file.abort(),
  };
}
