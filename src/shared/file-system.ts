/**
 * The few file operations extraction writes through, so a test can inject a failing disk
 * (ENOSPC after N bytes, short writes) without mounting anything. The default is node:fs.
 */
import { mkdir, open, rename, rm } from "node:fs/promises";

/** An open file being written (node's FileHandle fits). */
export interface WriteHandle {
  /** Writes `length` bytes of `buffer` from `offset`; may write fewer (a short write). */
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** The file operations an extraction's writes use. */
export interface ExtractFileSystem {
  /** Opens `path` for writing, truncating it. */
  open(path: string): Promise<WriteHandle>;
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file; a missing file is not an error. */
  rm(path: string): Promise<void>;
  /** Creates a directory and its parents (under the output directory, which exists). */
  mkdir(path: string): Promise<void>;
}

/** node:fs. */
export const nodeFileSystem: ExtractFileSystem = {
  open: (path) => open(path, "w"),
  rename: (from, to) => rename(from, to),
  rm: (path) => rm(path, { force: true }),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
};
