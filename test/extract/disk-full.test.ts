/**
 * A full disk mid-run (an injected file system that accepts N bytes, with a short write at the
 * limit, then ENOSPC): a LocalIoError, never a truncated file under a final name nor in the
 * journal, and `resume` then finishes the run with the same bytes as an uninterrupted run.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalIoError } from "../../src/errors.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { extract } from "../../src/extract/index.js";
import { Checkpoint } from "../../src/extract/checkpoint.js";
import { nodeFileSystem, type ExtractFileSystem } from "../../src/shared/file-system.js";
import { clientFor, dataFiles, expectSameFiles, readRun } from "./support.js";

const T = 1_700_000_100;
let root: string;
let emu: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-disk-full-"));
  emu = await createEmulator({ seed: 5, size: "tiny", listen: true, log: () => {} });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

/** node:fs that accepts `limit` bytes in all (the last write short), then fails every write with ENOSPC. */
function fullDiskAfter(limit: number): ExtractFileSystem & { written(): number } {
  let written = 0;
  const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 });
  return {
    written: () => written,
    open: async (path) => {
      const h = await nodeFileSystem.open(path);
      return {
        write: async (buf, offset, length) => {
          const room = limit - written;
          if (room <= 0) throw enospc();
          const r = await h.write(buf, offset, Math.min(length, room));
          written += r.bytesWritten;
          return r;
        },
        datasync: () => h.datasync(),
        close: () => h.close(),
      };
    },
    rename: (a, b) => nodeFileSystem.rename(a, b),
    rm: (p) => nodeFileSystem.rm(p),
    mkdir: (p) => nodeFileSystem.mkdir(p),
  };
}

/** Every file under `dir`, recursively. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** No temporary file left, and every file under a final name is whole (JSON or JSONL that parses). */
async function expectNothingPartial(dir: string): Promise<void> {
  const files = await walk(dir);
  expect(files.filter((f) => f.includes(".tmp-"))).toEqual([]);
  for (const f of files) {
    if (f.endsWith("extract.lock")) continue;
    const text = await readFile(f, "utf8");
    if (f.endsWith(".jsonl")) for (const line of text.split("\n").filter((l) => l !== "")) expect(() => JSON.parse(line), f).not.toThrow();
    else expect(() => JSON.parse(text), f).not.toThrow();
  }
}

describe("extract on a full disk", () => {
  let reference: Map<string, string>;
  let total = 0;

  it("a clean run, for reference (and its size)", async () => {
    const dir = join(root, "clean");
    const counting = fullDiskAfter(Number.MAX_SAFE_INTEGER);
    const res = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, fileSystem: counting });
    expect(res.summary.complete).toBe(true);
    total = counting.written();
    expect(total).toBeGreaterThan(10_000);
    reference = dataFiles(await readRun(dir), T);
  });

  it.each([0, 0.02, 0.25, 0.5, 0.75, 0.97, 0.999])("disk full after %f of the run: ENOSPC reported, nothing partial, --resume finishes it", async (share) => {
    const dir = join(root, `full-${share}`);
    const disk = fullDiskAfter(Math.floor(total * share));
    const err = await extract({ client: clientFor(emu), outDir: dir, timestamp: T, fileSystem: disk }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalIoError);
    expect((err as LocalIoError).code).toBe("ENOSPC");
    expect((err as LocalIoError).message).toMatch(/^cannot (write|create) .+: no space left on device \(ENOSPC\)$/);
    await expectNothingPartial(dir);
    expect((await readdir(dir)).filter((f) => f === `${T}-summary.json`)).toEqual([]);

    // Space freed: the run is finished from its journal (or started again when not even its
    // journal could be created), with the bytes of an uninterrupted run.
    const journaled = (await Checkpoint.unfinished(dir)).includes(T);
    const res = await extract({ client: clientFor(emu), outDir: dir, ...(journaled ? { resume: true } : { timestamp: T }) });
    expect(res.ts).toBe(T);
    expect(res.summary.complete).toBe(true);
    expectSameFiles(dataFiles(await readRun(dir), T), reference);
    expect(await Checkpoint.unfinished(dir)).toEqual([]);
    await expectNothingPartial(dir);
  });

  it("--resume recovers from a journal an older sigmactl cut short (truncated files committed)", async () => {
    const dir = join(root, "legacy");
    const disk = fullDiskAfter(Math.floor(total * 0.6));
    await extract({ client: clientFor(emu), outDir: dir, timestamp: T, fileSystem: disk }).catch(() => undefined);
    // What the old writer left: a committed journal document and a list cut in the middle.
    const journal = Checkpoint.dirFor(dir, T);
    const docs = (await walk(join(journal, "docs"))).filter((f) => f.endsWith(".json"));
    expect(docs.length).toBeGreaterThan(0);
    const { writeFile } = await import("node:fs/promises");
    const doc = docs[0]!;
    await writeFile(doc, (await readFile(doc, "utf8")).slice(0, 20));
    const list = join(journal, "lists", "workbooks.jsonl");
    const text = await readFile(list, "utf8");
    await writeFile(list, text.slice(0, Math.floor(text.length / 2)));

    const res = await extract({ client: clientFor(emu), outDir: dir, resume: true });
    expect(res.summary.complete).toBe(true);
    expectSameFiles(dataFiles(await readRun(dir), T), reference);
  });
});
