/**
 * `sigmactl extract` stopped by Ctrl-C: a clear message, the journal kept, no stray files,
 * --resume finishes it, and a phase cut short is reported `interrupted`, never done.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { AbortedError } from "../../src/errors.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { extract, type ExtractEvent } from "../../src/extract/index.js";
import { runCli } from "../helpers/run-cli.js";

const T = 1_700_000_000;
let root: string;
let emu: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-extract-int-"));
  // A little latency so the run is still going when it is interrupted.
  emu = await createEmulator({ seed: 3, size: "tiny", listen: true, latency: { ms: 15 }, log: () => {} });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

const env = () => ({ SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, NO_COLOR: "1" });

describe("sigmactl extract interrupted", () => {
  it("says how to finish the run, leaves no temporary file, and --resume completes it", async () => {
    const dir = join(root, "out");
    const stop = new AbortController();
    const before = emu.stats().requests;
    const run = runCli(["extract", "-o", dir, "--timestamp", String(T), "--max-errors", "100", "--json"], { env: env(), signal: stop.signal });
    for (let i = 0; i < 300 && emu.stats().requests - before < 15; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    const r = await run;
    expect(r.code).toBe(130); // 128 + SIGINT (issue #11)
    expect(r.stderr).toContain(`error: interrupted; run ${T} is kept unfinished in ${dir}: finish it with sigmactl extract -o ${dir} --resume`);
    expect(r.stderr).not.toMatch(/request cancelled|extraction cancelled/);
    // An interrupted --json run still prints its document (issue #11).
    expect(JSON.parse(r.stdout)).toMatchObject({ command: "extract", outcome: "interrupted", exitCode: 130, runTs: T, outDir: dir, complete: false });
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);

    const resumed = await runCli(["extract", "-o", dir, "--resume", "--max-errors", "100", "--json"], { env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { runTs: number }).runTs).toBe(T);
  });

  it("an -o that cannot be a directory fails at once with exit 3", async () => {
    const file = join(root, "a-file");
    await writeFile(file, "");
    const before = emu.stats().requests;
    const r = await runCli(["extract", "-o", join(file, "sub")], { env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: -o\/--output .*a-file\/sub: .*a-file is a file, not a directory$/m);
    expect(emu.stats().requests).toBe(before);
  });
});

describe("a phase cut short by Ctrl-C", () => {
  it("extract(): the lists and documents phases end `interrupted`, never `done`", async () => {
    // Spread answers, so some lists are still being read when the first one is counted.
    emu.control.setLatency({ ms: 10, jitterMs: 150 });
    const stop = new AbortController();
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, signal: stop.signal });
    const events: ExtractEvent[] = [];
    try {
      const run = extract({
        client,
        outDir: join(root, "lib"),
        signal: stop.signal,
        onProgress: (e) => {
          events.push(e);
          if (e.type === "tick" && e.listed > 0) stop.abort();
        },
      });
      await expect(run).rejects.toBeInstanceOf(AbortedError);
    } finally {
      emu.control.setLatency({ ms: 15 });
    }
    const ends = events.filter((e) => e.type === "phase-end");
    expect(ends.map((e) => [e.phase, e.outcome])).toEqual([
      ["lists", "interrupted"],
      ["documents", "interrupted"],
    ]);
    expect(ends[0]?.detail).toMatch(/^interrupted after \d+ entries \(\d+ of \d+ lists complete\)$/);
    expect(ends[1]?.detail).toMatch(/^interrupted after \d+ of \d+ documents$/);
  });

  it("the CLI says the lists were interrupted, not that they finished", async () => {
    // Long answers: Ctrl-C lands while every list is in flight.
    emu.control.setLatency({ ms: 150 });
    const stop = new AbortController();
    const before = emu.stats().requests;
    try {
      const run = runCli(["extract", "-o", join(root, "cli-lists")], { env: env(), signal: stop.signal });
      // token exchange, whoami, then the lists
      for (let i = 0; i < 300 && emu.stats().requests - before < 3; i++) await new Promise((r) => setTimeout(r, 10));
      stop.abort();
      const r = await run;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/^extract: lists: interrupted after 0 entries \(0 of \d+ lists complete\) in \d+\.\ds$/m);
      expect(r.stderr).toMatch(/^extract: documents: interrupted after 0 of 0 documents in /m);
      expect(r.stderr).not.toMatch(/entries from \d+ lists/);
    } finally {
      emu.control.setLatency({ ms: 15 });
    }
  });
});
