/** `sigmactl demo` in-process: the core steps against the embedded emulator, and --only misuse. */
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

interface DemoJson {
  emulator: { url: string; size: string };
  outDir: string;
  steps: Array<{ name: string; ok: boolean; lines: string[]; data?: Record<string, unknown> }>;
  requests: number;
}

describe("sigmactl demo", () => {
  it("runs the core steps against a real emulator and reports real figures", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-"));
    const r = await runCli(["demo", "--json", "--quiet", "--only", "whoami,list-workbooks", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const demo = JSON.parse(r.stdout) as DemoJson;
    expect(demo.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.outDir).toBe(out);
    expect(demo.steps.map((s) => [s.name, s.ok])).toEqual([
      ["whoami", true],
      ["list-workbooks", true],
    ]);
    const listing = demo.steps[1]?.data as { listed: number; expected: number; complete: boolean };
    expect(listing.listed).toBeGreaterThan(0);
    expect(listing.listed).toBe(listing.expected);
    expect(listing.complete).toBe(true);
    // token exchange + whoami + member + workbook list, at least.
    expect(demo.requests).toBeGreaterThanOrEqual(4);
  });

  it("completes every step against chaotic bodies (issue #8: extract, materialize, lineage keep working)", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-chaotic-"));
    const r = await runCli(["demo", "--json", "--quiet", "--shape", "chaotic", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as DemoJson & { emulator: { shape: string } };
    expect(demo.emulator.shape).toBe("chaotic");
    expect(demo.steps.length).toBeGreaterThanOrEqual(5);
    expect(demo.steps.filter((s) => !s.ok).map((s) => s.name)).toEqual([]);
  }, 120_000);

  it("prints the steps for humans, then a summary", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-"));
    const r = await runCli(["demo", "--only", "whoami", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[1/1] who the demo credentials belong to (GET /v2/whoami)");
    expect(r.stdout).toMatch(/^ {6}user .+ <.+@.+> \(\w+\)$/m);
    expect(r.stdout).toContain("1 of 1 steps succeeded");
    expect(r.stderr).toContain("starting the emulator");
  });

  it("--keep leaves the emulator running, credentials in a private file, until the signal", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-"));
    const stop = new AbortController();
    const run = runCli(["demo", "--only", "whoami", "--keep", "--out", out], { signal: stop.signal });
    const envFile = join(out, "emulator.env");
    const ready = () => existsSync(envFile) && readFileSync(envFile, "utf8").includes("SIGMA_CLIENT_SECRET=");
    for (let i = 0; i < 100 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
    const vars = Object.fromEntries(
      [...readFileSync(envFile, "utf8").matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    expect(statSync(envFile).mode & 0o077).toBe(0);
    // The emulator still answers while the demo waits.
    const me = await runCli(["whoami", "--json"], { env: vars });
    expect(me.code).toBe(0);
    stop.abort();
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("press Ctrl-C to stop it.");
    expect(r.stdout + r.stderr).not.toContain(vars.SIGMA_CLIENT_SECRET);
  });

  it("refuses an unknown step name with a suggestion (exit 3)", async () => {
    const r = await runCli(["demo", "--only", "whoamii"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: --only: no demo step named 'whoamii'\nhint: steps: .*did you mean whoami\?/);
  });
});
