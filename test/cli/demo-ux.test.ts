/** What a new user reads from `sigmactl demo`: no line said twice, honest request counts, hints that work from a clone. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { materializeDemoStep } from "../../src/cli/commands/materialize-demo.js";
import { createOutput } from "../../src/cli/output.js";
import { runningFromSources, selfCommand } from "../../src/cli/self-command.js";
import { createEmulator } from "../../src/emulator/index.js";
import { captureContext, runCli } from "../helpers/run-cli.js";

interface Step {
  name: string;
  ok: boolean;
  lines: string[];
  data: { requests?: number; ts?: number; dir?: string; jobs?: unknown[] };
}

describe("sigmactl demo for a new user", () => {
  it("off a terminal, the materialize step reports each job once (its lines), not also as log lines", async () => {
    const emulator = await createEmulator({ seed: 1, size: "small", materializationTime: [0.1, 0.2], log: () => undefined });
    try {
      const cap = captureContext();
      const out = createOutput(cap.ctx, {});
      const client = new SigmaClient({ baseUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret, fetch: emulator.fetch });
      const signal = cap.ctx.signal;
      const result = await materializeDemoStep.run({ client, emulator, outDir: tmpdir(), out, ctx: cap.ctx, signal });
      expect(cap.stderr()).not.toMatch(/: (triggered|building|ready)/);
      const jobLines = result.lines.filter((l) => /^(workbook|data model) ".+: ready in /.test(l));
      expect(jobLines.length).toBeGreaterThan(0);
      expect(new Set(jobLines).size).toBe(jobLines.length);
      expect(result.lines.join("\n")).toMatch(/\d+ ready in [\d.]+m?s \(job times are Sigma's run times\); \d+ status requests over \d+ polling tick\(s\)/);
    } finally {
      await emulator.close();
    }
  });

  it("counts the requests of each step and of the whole demo honestly", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-ux-"));
    const r = await runCli(["demo", "--json", "--quiet", "--only", "whoami,extract", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as { steps: Step[]; requests: number };
    const extract = demo.steps.find((s) => s.name === "extract") as Step;
    const summary = JSON.parse(readFileSync(join(extract.data.dir as string, `${extract.data.ts}-summary.json`), "utf8")) as { requests: number };
    // The extraction's own requests, not the whoami step's as well.
    expect(extract.data.requests).toBe(summary.requests);
    expect(demo.requests).toBeGreaterThan(summary.requests);
  });

  it("ends with next steps a clone can run as printed", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-ux-"));
    const r = await runCli(["demo", "--only", "whoami", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 of 1 steps succeeded; the emulator answered \d+ HTTP requests\. Files are under .+\/\.\n/);
    expect(r.stdout).toContain(`${selfCommand()} demo --keep`);
    expect(r.stdout).not.toContain("npx sigmactl");
  });

  it("Ctrl-C mid-demo says 'interrupted', not FAILED, and stops", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-ux-"));
    const stop = new AbortController();
    // The demo's materializations take 2-6 s: 1.5 s in, the step (or the start-up) is still going.
    const timer = setTimeout(() => stop.abort(), 1500);
    const r = await runCli(["demo", "--only", "materialize", "--out", out], { signal: stop.signal });
    clearTimeout(timer);
    expect(r.code).toBe(130); // 128 + SIGINT, also in-process (issue #11)
    expect(r.stdout).not.toContain("FAILED");
    expect(r.stdout).toMatch(/\ninterrupted: 0 of 1 steps done; the emulator answered \d+ HTTP requests\./);
    expect(r.stderr).toContain("error: demo interrupted; the emulator is stopped");
  });

  it("knows whether it runs from the sources", () => {
    expect(runningFromSources("file:///x/src/cli/self-command.ts")).toBe(true);
    expect(selfCommand("file:///x/src/cli/self-command.ts")).toBe("npm run sigmactl --");
    expect(selfCommand("file:///usr/lib/node_modules/sigmactl/dist/cli/self-command.js")).toBe("sigmactl");
  });
});
