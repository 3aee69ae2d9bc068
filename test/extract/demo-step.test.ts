/** The extract step of `sigmactl demo`: real files, counts per asset, checked against the truth. */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

describe("sigmactl demo --only extract", () => {
  it("extracts the demo org and says where the files are and what they hold", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-extract-"));
    const r = await runCli(["demo", "--json", "--quiet", "--only", "extract", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as { steps: Array<{ name: string; ok: boolean; lines: string[]; files: string[]; data: { ts: number; dir: string; counts: Record<string, number> } }> };
    const step = demo.steps[0]!;
    expect(step).toMatchObject({ name: "extract", ok: true });
    expect(step.data.dir).toBe(join(out, "extract"));
    expect(step.files).toEqual([join(out, "extract", `${step.data.ts}-summary.json`)]);
    expect(existsSync(step.files[0]!)).toBe(true);
    expect(readdirSync(step.data.dir).filter((n) => n.endsWith(".json"))).toHaveLength(Object.keys(step.data.counts).length + 1);
    expect(step.lines.join("\n")).toMatch(new RegExp(`\\bworkbooks ${step.data.counts.workbooks}( |$)`, "m"));
    expect(step.lines.join("\n")).toMatch(/as in the emulator's ground truth/);
  });
});
