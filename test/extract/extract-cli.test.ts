/**
 * `sigmactl extract` and `sigmactl upload` as a user runs them, against the emulator over a
 * real port: exit codes and messages for bad input, kill -9 then --resume, upload to the fake
 * ingest, and a medium org checked against the truth.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { extract } from "../../src/extract/index.js";
import { runCli, spawnCli } from "../helpers/run-cli.js";
import { clientFor, dataFiles, expectMatchesTruth, expectSameFiles, readRun } from "./support.js";

const T = 1_700_000_000;
const SOURCE = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";
const UPLOAD_TOKEN = "catalog-token-abcdef123456";
let root: string;
let emu: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-extract-cli-"));
  emu = await createEmulator({ seed: 9, size: "small", listen: true, log: () => {} });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

const castorEnv = () => ({ CASTOR_SIGMA_HOST: emu.url, CASTOR_SIGMA_CLIENT_ID: emu.clientId, CASTOR_SIGMA_API_TOKEN: emu.clientSecret, NO_COLOR: "1" });

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("sigmactl extract (CLI)", () => {
  it("takes castor's flags and writes castor's files; the result lists them", async () => {
    const dir = join(root, "flags");
    const r = await runCli(["extract", "-H", emu.url, "-c", emu.clientId, "-a", emu.clientSecret, "-o", dir, "--timestamp", String(T), "--json", "--max-errors", "50"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { runTs: number; files: Array<{ asset: string; file: string }>; summary: string };
    expect(out.runTs).toBe(T);
    expect(out.files.map((f) => f.asset)).toContain("workbook_sources");
    expect(out.summary).toBe(join(dir, `${T}-summary.json`));
    // The secret given on the command line never comes back.
    expect(r.stdout + r.stderr).not.toContain(emu.clientSecret);
  });

  it("reads CASTOR_* from the environment", async () => {
    const dir = join(root, "env");
    const r = await runCli(["extract", "--assets", "workbooks,members", "--timestamp", String(T)], { env: { ...castorEnv(), CASTOR_OUTPUT_DIRECTORY: dir } });
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([".sigmactl", `${T}-members.json`, `${T}-summary.json`, `${T}-workbooks.json`]);
    // Not a terminal: one plain line per phase, with counts and rate.
    expect(r.stderr).toMatch(/^extract: lists: \d+ entries from 2 lists in [\d.]+s \(\d+\/s\)$/m);
    expect(r.stderr).toMatch(/^extract: files: 3 files, \d+(\.\d)? (B|KiB|MiB) in/m);
  });

  it("shows live progress per phase on a terminal", async () => {
    const dir = join(root, "tty");
    const r = await runCli(["extract", "--assets", "workbooks,queries", "-o", dir], { env: castorEnv(), tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✔ lists: \d+ entries from 1 list /);
    expect(r.stderr).toMatch(/✔ documents: \d+ documents/);
    expect(r.stderr).not.toMatch(/^extract: /m);
  });

  it("gives clear errors and the right exit codes for bad input", async () => {
    const out = join(root, "bad");
    const missingOut = await runCli(["extract"], { env: castorEnv() });
    expect(missingOut.code).toBe(3);
    expect(missingOut.stderr).toMatch(/missing output directory.*-o\/--output.*CASTOR_OUTPUT_DIRECTORY/);

    const missingCreds = await runCli(["extract", "-o", out]);
    expect(missingCreds.code).toBe(3);
    expect(missingCreds.stderr).toMatch(/castor's flags work too/);

    const badAsset = await runCli(["extract", "-o", out, "--assets", "workbooks,wokbooks"], { env: castorEnv() });
    expect(badAsset.code).toBe(3);
    expect(badAsset.stderr).toMatch(/unknown asset\(s\): wokbooks/);

    const badSecret = await runCli(["extract", "-o", out, "-a", "not-the-secret-123"], { env: castorEnv() });
    expect(badSecret.code).toBe(4);

    const port = await freePort();
    // No retries (config file) so a refused connection fails at once.
    const config = join(root, "no-retries.yaml");
    await writeFile(config, "maxRetries: 0\n");
    const wrongHost = await runCli(["extract", "-o", out, "-H", `http://127.0.0.1:${port}`, "--config", config], { env: castorEnv() });
    expect(wrongHost.code).toBe(5);
    expect(wrongHost.stderr).toMatch(/connection refused/);

    const file = join(root, "a-file");
    await writeFile(file, "x");
    const unwritable = await runCli(["extract", "-o", join(file, "sub")], { env: castorEnv() });
    expect(unwritable.code).toBe(3);
    expect(unwritable.stderr).toMatch(/-o\/--output .*: .*a-file is a file, not a directory/);

    const nothing = await runCli(["extract", "-o", join(root, "empty"), "--resume"], { env: castorEnv() });
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toMatch(/nothing to resume/);

    for (const flag of ["--keep", "--full-every"]) {
      const bad = await runCli(["extract", "-o", out, flag, "0"], { env: castorEnv() });
      expect(bad.code, flag).toBe(3);
      expect(bad.stderr).toMatch(/1 or more/);
    }
  });

  it("--since last carries unchanged documents and --keep 1 leaves only the newest run", async () => {
    const dir = join(root, "since-keep");
    const first = await runCli(["extract", "-o", dir, "--assets", "workbooks,pages,queries", "--timestamp", String(T), "--json"], { env: castorEnv() });
    expect(first.code, first.stderr).toBe(0);
    const next = await runCli(["extract", "-o", dir, "--assets", "workbooks,pages,queries", "--timestamp", String(T + 1), "--since", "last", "--full-every", "5", "--keep", "1", "--json"], { env: castorEnv() });
    expect(next.code, next.stderr).toBe(0);
    const docs = (JSON.parse(next.stdout) as { documents: { workbook: { fetched: number; carried: number; listed: number } } }).documents.workbook;
    expect(docs.carried).toBe(docs.listed);
    expect(next.stderr).toMatch(/removed 1 older run/);
    expect((await readdir(dir)).filter((n) => !n.startsWith(".")).every((n) => n.startsWith(`${T + 1}-`))).toBe(true);
  });

  it("after kill -9 mid-run, --resume yields the same files as an uninterrupted run", async () => {
    const cleanDir = join(root, "resume-clean");
    await extract({ client: clientFor(emu), outDir: cleanDir, timestamp: T });

    const dir = join(root, "resume");
    emu.control.setLatency({ ms: 40, jitterMs: 0 });
    const child = spawnCli(["extract", "-o", dir, "--timestamp", String(T), "--concurrency", "2"], { env: castorEnv(), timeoutMs: 25_000 });
    const docs = join(dir, ".sigmactl", String(T), "docs");
    const journaled = async () => {
      let n = 0;
      for (const kind of await readdir(docs).catch(() => [] as string[])) {
        for (const shard of await readdir(join(docs, kind)).catch(() => [] as string[])) n += (await readdir(join(docs, kind, shard)).catch(() => [])).length;
      }
      return n;
    };
    for (let i = 0; i < 300 && (await journaled()) < 5; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    const killed = await child.exited;
    emu.control.setLatency({ ms: 0, jitterMs: 0 });
    expect(killed.signal).toBe("SIGKILL");
    // Nothing appeared under a final name.
    expect((await readdir(dir)).filter((n) => n.startsWith(`${T}-`) && !n.includes(".tmp-"))).toEqual([]);

    const resumed = await runCli(["extract", "-o", dir, "--resume", "--json", "--max-errors", "50"], { env: castorEnv() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming run 1700000000/);
    const summary = JSON.parse(await readFile(join(dir, `${T}-summary.json`), "utf8")) as { resumed: boolean };
    expect(summary.resumed).toBe(true);
    expectSameFiles(dataFiles(await readRun(dir), T), dataFiles(await readRun(cleanDir), T));
    expect((await readdir(dir)).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("uploads the newest run to the fake ingest with castor's paths and a Token header, never printing the token", async () => {
    const dir = join(root, "upload");
    await extract({ client: clientFor(emu), outDir: dir, timestamp: T - 50, assets: "workbooks" });
    await extract({ client: clientFor(emu), outDir: dir, timestamp: T, assets: "workbooks,files" });
    const before = emu.uploads().length;
    const r = await runCli(["upload", "-k", UPLOAD_TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", `${emu.url}/__emulator/ingest`, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const got = emu.uploads().slice(before);
    const names = [`${T}-files.json`, `${T}-summary.json`, `${T}-workbooks.json`];
    expect(got.map((u) => u.path).sort()).toEqual(names.map((n) => `/visualization-${SOURCE}/${n}`));
    for (const u of got) {
      expect(u.authorizationScheme).toBe("Token");
      const bytes = await readFile(join(dir, u.filename));
      expect(u.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
    // The older run was left out, and said so.
    expect(r.stderr).toMatch(/skipping 2 file\(s\)/);
    expect(r.stderr).toContain(`run ${T - 50} (2 file(s)): older run than ${T}`);
    expect(r.stdout + r.stderr).not.toContain(UPLOAD_TOKEN);

    const refused = await runCli(["upload", "-k", UPLOAD_TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", `${emu.url}/nowhere`]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).not.toContain(UPLOAD_TOKEN);
    const usage = await runCli(["upload", "-t", "VIZ", "-d", dir]);
    expect(usage.code).toBe(3);
    expect(usage.stderr).toMatch(/-k\/--token/);
    const missing = await runCli(["upload", "-k", UPLOAD_TOKEN, "-s", SOURCE, "-t", "VIZ", "-f", join(dir, "nope.json")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no such file/);
  });
});

describe("sigmactl extract on a medium org", () => {
  it("finds every asset exactly once; skips are recorded and tolerated with --max-errors", async () => {
    const medium = await createEmulator({ seed: 4, size: "medium", listen: true, log: () => {} });
    try {
      const dir = join(root, "medium");
      const env = { CASTOR_SIGMA_HOST: medium.url, CASTOR_SIGMA_CLIENT_ID: medium.clientId, CASTOR_SIGMA_API_TOKEN: medium.clientSecret };
      const r = await runCli(["extract", "-o", dir, "--timestamp", String(T), "--concurrency", "16", "--json"], { env });
      const summary = JSON.parse(await readFile(join(dir, `${T}-summary.json`), "utf8")) as {
        errors: unknown[];
        archived_sources: number;
        archived: Array<{ status: number; code: string; asset: string }>;
      };
      // Datasets whose sources Sigma reports archived are warnings (castor skips them), not errors.
      expect(summary.errors).toEqual([]);
      expect(summary.archived_sources).toBeGreaterThan(0);
      expect(summary.archived.every((e) => e.status === 409 && e.code === "inode_archived" && e.asset === "dataset_sources")).toBe(true);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ archivedSources: summary.archived_sources, complete: true });
      await expectMatchesTruth(dir, T, medium.truth() as Truth);

      const text = await runCli(["extract", "-o", join(root, "medium-2"), "--assets", "datasets,dataset_sources"], { env });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/part\(s\) left out because Sigma reports a source archived \(409 inode_archived/);
    } finally {
      await medium.close();
    }
  });
});
