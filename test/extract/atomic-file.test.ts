/** AtomicFile checks every write: short writes are continued, no progress is an error, and nothing partial is committed. */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalIoError } from "../../src/errors.js";
import { AtomicFile, writeFileAtomic } from "../../src/shared/atomic-file.js";
import { nodeFileSystem, type ExtractFileSystem } from "../../src/shared/file-system.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** node:fs whose writes accept at most `perCall` bytes each (0: none at all). */
function stingy(perCall: number, fail?: { code: string; on: "datasync" | "rename" }): ExtractFileSystem {
  return {
    ...nodeFileSystem,
    open: async (path) => {
      const h = await nodeFileSystem.open(path);
      return {
        write: (buf, offset, length) => h.write(buf, offset, Math.min(length, perCall)),
        datasync: () => (fail?.on === "datasync" ? Promise.reject(Object.assign(new Error(fail.code), { code: fail.code })) : h.datasync()),
        close: () => h.close(),
      };
    },
    rename: (a, b) => (fail?.on === "rename" ? Promise.reject(Object.assign(new Error(fail.code), { code: fail.code })) : nodeFileSystem.rename(a, b)),
  };
}

describe("AtomicFile", () => {
  it("continues short writes until every byte is written", async () => {
    const text = "héllo wörld ".repeat(50);
    const bytes = await writeFileAtomic(join(dir, "a.json"), text, { fs: stingy(7) });
    expect(bytes).toBe(Buffer.byteLength(text));
    expect(await readFile(join(dir, "a.json"), "utf8")).toBe(text);
  });

  it("a write that makes no progress fails, and neither the final nor the temporary file remains", async () => {
    const err = await writeFileAtomic(join(dir, "b.json"), "[1, 2, 3]", { fs: stingy(0) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalIoError);
    expect((err as Error).message).toMatch(/accepted 0 of 9 bytes/);
    expect(await readdir(dir)).toEqual([]);
  });

  it.each(["datasync", "rename"] as const)("a full disk reported at %s: nothing committed", async (on) => {
    const f = await AtomicFile.open(join(dir, "c.json"), stingy(1 << 20, { code: "ENOSPC", on }));
    await f.write("[]");
    const err = await f.commit().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalIoError);
    expect((err as LocalIoError).code).toBe("ENOSPC");
    await f.abort();
    expect(await readdir(dir)).toEqual([]);
    // The failed file refuses further use instead of writing a partial one.
    await expect(f.write("x")).rejects.toBe(err);
  });
});
