/** Output paths checked before the work starts. */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { checkWritableFile, ensureDirectory } from "../../src/cli/writable.js";

describe("output path checks", () => {
  it("creates missing parents and leaves no probe behind", async () => {
    const root = mkdtempSync(join(tmpdir(), "sigmactl-writable-"));
    const file = join(root, "a", "b", "result.json");
    await checkWritableFile(file, "--output");
    expect(existsSync(join(root, "a", "b"))).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it("names the file that blocks the path", async () => {
    const root = mkdtempSync(join(tmpdir(), "sigmactl-writable-"));
    writeFileSync(join(root, "f"), "");
    await expect(ensureDirectory(join(root, "f", "x"), "-o")).rejects.toThrow(`-o ${join(root, "f", "x")}: ${join(root, "f")} is a file, not a directory`);
    await expect(checkWritableFile(root, "--output")).rejects.toThrow(`--output ${root} is a directory; give a file name`);
  });

  it.skipIf(process.platform !== "linux")("returns under /proc, where Node's recursive mkdir never does", async () => {
    await expect(ensureDirectory("/proc/sigmactl-nope/x", "-o")).rejects.toBeInstanceOf(UserError);
  });
});
