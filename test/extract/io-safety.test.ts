/**
 * Shared directories and lost rows: one extraction per output directory (a clear error for the
 * second, a dead owner's lock taken over), `--assets` refused before any request, and a failed
 * page list reported against every asset it cost.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { extract } from "../../src/extract/index.js";
import { runCli } from "../helpers/run-cli.js";
import { clientFor } from "./support.js";

const T = 1_700_000_200;
let root: string;
let emu: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-io-safety-"));
  emu = await createEmulator({ seed: 6, size: "tiny", listen: true, latency: { ms: 2 }, log: () => {} });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

const lockPath = (dir: string) => join(dir, ".sigmactl", "extract.lock");

describe("one extraction per output directory", () => {
  it("a second extraction into the same directory in the same second fails at once, the first completes", async () => {
    const dir = join(root, "shared");
    const results = await Promise.allSettled([
      extract({ client: clientFor(emu), outDir: dir, timestamp: T }),
      extract({ client: clientFor(emu), outDir: dir, timestamp: T }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(UserError);
    expect((refused[0]!.reason as Error).message).toMatch(new RegExp(`^another extraction is running in ${dir} \\(pid ${process.pid}, started `));
    expect(ok[0]!.status === "fulfilled" && ok[0]!.value.summary.complete).toBe(true);
    // Released at the end: the next run goes ahead.
    expect((await readdir(join(dir, ".sigmactl"))).filter((n) => n.startsWith("extract.lock"))).toEqual([]);
    await extract({ client: clientFor(emu), outDir: dir, timestamp: T + 1 });
  });

  it("the CLI says so with exit 3 and sends no request", async () => {
    const dir = join(root, "cli-locked");
    await mkdir(join(dir, ".sigmactl"), { recursive: true });
    await writeFile(lockPath(dir), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }));
    const before = emu.stats().requests;
    const r = await runCli(["extract", "-o", dir], { env: { SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, NO_COLOR: "1" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error: another extraction is running in ${dir} (pid ${process.pid}, started 2026-01-01T00:00:00.000Z)`);
    expect(r.stderr).toContain("hint: wait for it to finish, or extract into another output directory (-o/--output)");
    expect(r.stderr).not.toContain("internal error");
    expect(emu.stats().requests).toBe(before);
  });

  it("a lock left by a process that is gone (crash, kill -9) is taken over", async () => {
    const dir = join(root, "stale");
    await mkdir(join(dir, ".sigmactl"), { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await writeFile(lockPath(dir), JSON.stringify({ pid: dead, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }));
    const res = await extract({ client: clientFor(emu), outDir: dir, timestamp: T });
    expect(res.summary.complete).toBe(true);
    expect((await readdir(join(dir, ".sigmactl"))).filter((n) => n.startsWith("extract.lock"))).toEqual([]);
  });

  it("a lock held from another host is never guessed stale: the error says how to clear it", async () => {
    const dir = join(root, "foreign");
    await mkdir(join(dir, ".sigmactl"), { recursive: true });
    await writeFile(lockPath(dir), JSON.stringify({ pid: 1, host: "build-agent-7", startedAt: "2026-01-01T00:00:00.000Z" }));
    const err = (await extract({ client: clientFor(emu), outDir: dir, timestamp: T }).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain("(pid 1 on build-agent-7,");
    expect(err.suggestions.join("\n")).toContain(`delete ${lockPath(dir)}`);
  });
});

describe("--assets is checked before contacting the server", () => {
  it("exit 3 at once, no request", async () => {
    const before = emu.stats().requests;
    const r = await runCli(["extract", "-o", join(root, "assets"), "--assets", "default,pagez"], {
      env: { SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, NO_COLOR: "1" },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error: unknown asset(s): pagez");
    expect(emu.stats().requests).toBe(before);
  });
});

describe("every asset a failure cost is reported", () => {
  it("a workbook whose page list fails is missing its pages, elements and lineages, and the summary says all three", async () => {
    const faulty = await createEmulator({ seed: 6, size: "tiny", listen: true, log: () => {} });
    try {
      const wb = (faulty.truth() as { workbooks: Array<{ workbookId: string; isArchived: boolean; hiddenFromCaller: boolean; pages: unknown[] }> }).workbooks.find(
        (w) => !w.isArchived && !w.hiddenFromCaller && w.pages.length > 0,
      )!;
      faulty.control.setFaults(`500@/v2/workbooks/${wb.workbookId}/pages=1`);
      const res = await extract({
        client: clientFor(faulty, { maxRetries: 1 }),
        outDir: join(root, "pages-fail"),
        timestamp: T,
        assets: "default,lineages",
        maxErrors: 10,
      });
      const issues = res.summary.errors.filter((e) => e.documentId === wb.workbookId);
      expect(issues).toHaveLength(1);
      expect(issues[0]!.asset).toBe("pages,elements,lineages");
      expect(issues[0]!.status).toBe(500);
      expect(res.summary.complete).toBe(false);
      expect(res.summary.incomplete_assets).toEqual(["elements", "pages", "lineages"]);
    } finally {
      await faulty.close();
    }
  });
});
