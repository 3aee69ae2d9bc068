/** `sigmactl extract` stopped by Ctrl-C: a clear message, the journal kept, no stray files, --resume finishes it. */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
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
    const run = runCli(["extract", "-o", dir, "--timestamp", String(T), "--max-errors", "100"], { env: env(), signal: stop.signal });
    for (let i = 0; i < 300 && emu.stats().requests - before < 15; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    const r = await run;
    expect(r.code).toBe(1); // main.ts turns it into 130 after SIGINT
    expect(r.stderr).toContain(`error: interrupted; run ${T} is kept unfinished in ${dir}: finish it with sigmactl extract -o ${dir} --resume`);
    expect(r.stderr).not.toMatch(/request cancelled|extraction cancelled/);
    expect(r.stdout).toBe("");
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);

    const resumed = await runCli(["extract", "-o", dir, "--resume", "--max-errors", "100", "--json"], { env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { ts: number }).ts).toBe(T);
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
