/**
 * `sigmactl extract` on a real full disk (a small tmpfs): exit 6 with a user-facing message and
 * the --resume hint, not exit 70; after the space is freed (the tmpfs grown), --resume
 * finishes the run. Needs `mount` (root on Linux): skipped where mounting is not permitted.
 * The portable test of the same behaviour is disk-full.test.ts (an injected file system).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { runCli } from "../helpers/run-cli.js";

const T = 1_700_000_300;
const mountPoint = mkdtempSync(join(tmpdir(), "sigmactl-tmpfs-"));
let mounted = false;
try {
  if (process.platform === "linux") {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48k", "tmpfs", mountPoint], { stdio: "ignore", timeout: 5000 });
    mounted = true;
  }
} catch {
  mounted = false;
}
let emu: Emulator;

beforeAll(async () => {
  emu = await createEmulator({ seed: 5, size: "tiny", listen: true, log: () => {} });
});
afterAll(async () => {
  await emu?.close();
  if (mounted) execFileSync("umount", [mountPoint], { stdio: "ignore", timeout: 5000 });
  rmSync(mountPoint, { recursive: true, force: true });
});

describe("extract on a full tmpfs", () => {
  it("exit 6 with the resume hint; after space is freed --resume completes", async (ctx) => {
    if (!mounted) ctx.skip();
    const env = { SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, NO_COLOR: "1" };
    const dir = join(mountPoint, "out");
    const r = await runCli(["extract", "-o", dir, "--timestamp", String(T)], { env });
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toMatch(/^error: cannot (write|create) .+: no space left on device \(ENOSPC\); no file was left half-written, and run 1700000300 is kept unfinished in /m);
    expect(r.stderr).toContain(`hint: then finish the run with sigmactl extract -o ${dir} --resume`);
    expect(r.stderr).not.toMatch(/internal error|bug in sigmactl/);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);

    execFileSync("mount", ["-o", "remount,size=16m", mountPoint], { stdio: "ignore", timeout: 5000 });
    const resumed = await runCli(["extract", "-o", dir, "--resume", "--json"], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { runTs: number; complete: boolean })).toMatchObject({ runTs: T, complete: true });
  });
});
