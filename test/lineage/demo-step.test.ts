/** The lineage step of `sigmactl demo`: run alone, it extracts first, then shows a table's impact and writes its files. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { selfCommand } from "../../src/cli/self-command.js";
import { runCli } from "../helpers/run-cli.js";
import { checkMermaid } from "./format-checks.js";

const out = mkdtempSync(join(tmpdir(), "sigmactl-demo-lineage-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("sigmactl demo --only lineage", () => {
  it("shows the downstream impact of the most used table and writes it as Mermaid and DOT", async () => {
    const r = await runCli(["demo", "--json", "--quiet", "--only", "lineage", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as {
      steps: Array<{ name: string; ok: boolean; lines: string[]; files: string[]; data: { table: string; workbooks: string[]; impact: Record<string, number> } }>;
    };
    const step = demo.steps[0]!;
    expect(step).toMatchObject({ name: "lineage", ok: true });
    expect(step.data.table).toMatch(/^table:/);
    expect(step.data.workbooks.length).toBeGreaterThan(0);
    expect(step.data.impact.workbook).toBe(step.data.workbooks.length);
    expect(step.files).toEqual([join(out, "lineage", "impact.mmd"), join(out, "lineage", "lineage.dot")]);
    expect(checkMermaid(readFileSync(step.files[0]!, "utf8")).nodes.size).toBeGreaterThan(step.data.workbooks.length);
    expect(readFileSync(step.files[1]!, "utf8").startsWith("digraph lineage {")).toBe(true);
    expect(existsSync(join(out, "extract"))).toBe(true);
    // From a clone the hint is `npm run sigmactl --`, as in the other steps.
    expect(step.lines.join("\n")).toContain(`try it: ${selfCommand()} lineage -d `);
  });
});
