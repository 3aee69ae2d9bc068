import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AtomicFile, removeStaleTmpFiles } from "../../src/shared/atomic-file.js";
import { readJsonArray, readJsonl, readRows } from "../../src/shared/row-reader.js";
import { assetFileName, openRowWriter } from "../../src/shared/row-writer.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("AtomicFile", () => {
  it("shows nothing under the final name until commit", async () => {
    const f = await AtomicFile.open(join(dir, "a.json"));
    await f.write("[1");
    expect(await readdir(dir)).toEqual([`a.json.tmp-${process.pid}`]);
    await f.write("]");
    expect(await f.commit()).toBe(3);
    expect(await readdir(dir)).toEqual(["a.json"]);
    expect(await readFile(join(dir, "a.json"), "utf8")).toBe("[1]");
  });

  it("abort removes the temporary file and keeps an existing final file", async () => {
    await writeFile(join(dir, "a.json"), "old");
    const f = await AtomicFile.open(join(dir, "a.json"));
    await f.write("new");
    await f.abort();
    expect(await readdir(dir)).toEqual(["a.json"]);
    expect(await readFile(join(dir, "a.json"), "utf8")).toBe("old");
  });

  it("removeStaleTmpFiles deletes only leftovers with the prefix", async () => {
    await writeFile(join(dir, "1-a.json.tmp-123"), "x");
    await writeFile(join(dir, "2-a.json.tmp-123"), "x");
    await writeFile(join(dir, "1-a.json"), "x");
    expect(await removeStaleTmpFiles(dir, "1-")).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(["1-a.json", "2-a.json.tmp-123"]);
  });
});

describe("row writer and reader", () => {
  const rows = [{ a: "é😀", n: 1.5 }, [], { nested: { s: 'x,"]}' } }, "str]", 3, null];

  it("writes castor arrays that read back item by item", async () => {
    const w = await openRowWriter(dir, 1700000000, "queries", "castor");
    for (const r of rows) await w.write(r);
    const written = await w.commit();
    expect(written).toMatchObject({ asset: "queries", rows: rows.length });
    expect(written.path).toBe(join(dir, "1700000000-queries.json"));
    const text = await readFile(written.path, "utf8");
    expect(text.startsWith('[{"a": "\\u00e9\\ud83d\\ude00", "n": 1.5}, [], ')).toBe(true);
    expect(await collect(readJsonArray(written.path))).toEqual(rows);
  });

  it("writes an empty array as []", async () => {
    const w = await openRowWriter(dir, 1, "files", "castor");
    await w.commit();
    expect(await readFile(join(dir, "1-files.json"), "utf8")).toBe("[]");
    expect(await collect(readJsonArray(join(dir, "1-files.json")))).toEqual([]);
  });

  it("writes jsonl", async () => {
    const w = await openRowWriter(dir, 1, "files", "jsonl");
    for (const r of rows) await w.write(r);
    await w.commit();
    expect(assetFileName(1, "files", "jsonl")).toBe("1-files.jsonl");
    expect((await readFile(join(dir, "1-files.jsonl"), "utf8")).split("\n")).toHaveLength(rows.length + 1);
    expect(await collect(readRows(join(dir, "1-files.jsonl"), "jsonl"))).toEqual(rows);
    expect(await collect(readJsonl(join(dir, "1-files.jsonl")))).toEqual(rows);
  });

  it("reads arrays whose items span read chunks", async () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ i, s: "x".repeat(3000), q: 'a"\\[{' }));
    const w = await openRowWriter(dir, 2, "big", "castor");
    for (const r of big) await w.write(r);
    await w.commit();
    expect(await collect(readJsonArray(join(dir, "2-big.json")))).toEqual(big);
  });

  it("rejects truncated and non-array files", async () => {
    await writeFile(join(dir, "t.json"), '[{"a": 1}, {"b"');
    await expect(collect(readJsonArray(join(dir, "t.json")))).rejects.toThrow(/truncated/);
    await writeFile(join(dir, "o.json"), '{"a": 1}');
    await expect(collect(readJsonArray(join(dir, "o.json")))).rejects.toThrow(/not a JSON array/);
  });
});
