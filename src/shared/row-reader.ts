/**
 * Reads rows back from an asset file without loading it whole: a top-level JSON array is
 * split into items by a small scanner (strings, escapes and nesting tracked across chunks),
 * each item parsed on its own; JSONL is read line by line. Used by `--since last`.
 */
import { createReadStream } from "node:fs";
import type { OutputFormat } from "./row-writer.js";

/** Thrown when a file is not a JSON array / JSONL document. */
export class RowFileError extends Error {
  override name = "RowFileError";
}

/** Yields each item of the top-level JSON array stored in `path`. */
export async function* readJsonArray(path: string): AsyncGenerator<unknown> {
  let state: "before" | "between" | "done" = "before";
  let depth = 0; // nesting inside the current item
  let inString = false;
  let escaped = false;
  let carry = ""; // text of the current item from earlier chunks
  let inItem = false;
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
    const text = chunk as string;
    let start = inItem ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inItem) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) depth++;
        else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
        else if (depth === 0 && (c === 0x2c || c === 0x5d)) {
          yield JSON.parse(carry + text.slice(start, i));
          carry = "";
          inItem = false;
          state = c === 0x5d ? "done" : "between";
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (state === "before") {
        if (c !== 0x5b) throw new RowFileError(`${path}: not a JSON array`);
        state = "between";
        continue;
      }
      if (state === "done") throw new RowFileError(`${path}: trailing data after the array`);
      if (c === 0x5d) {
        state = "done";
        continue;
      }
      inItem = true;
      start = i;
      depth = 0;
      i--; // re-read this character as part of the item
    }
    if (inItem) carry += text.slice(Math.max(start, 0));
  }
  if (state !== "done") throw new RowFileError(`${path}: truncated JSON array`);
}

/** Yields each row of a JSONL file (blank lines ignored). */
export async function* readJsonl(path: string): AsyncGenerator<unknown> {
  let carry = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
    const lines = (carry + (chunk as string)).split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") yield JSON.parse(line);
  }
  if (carry.trim() !== "") yield JSON.parse(carry);
}

/** Reads the rows of an asset file in the given format. */
export function readRows(path: string, format: OutputFormat): AsyncGenerator<unknown> {
  return format === "castor" ? readJsonArray(path) : readJsonl(path);
}
