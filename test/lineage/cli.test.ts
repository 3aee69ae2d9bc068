/**
 * `sigmactl lineage` as a user runs it (in-process): queries, formats, --output, and the
 * one-line errors with exit code 3 for a missing directory, no complete run, an unknown or
 * ambiguous node.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { parseDot } from "./format-checks.js";
import { T, extractOrg, orgOf, tableId, visibleWorkbooks } from "./support.js";

let root: string;
let dir: string;
const org = orgOf(1, "tiny");

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-lineage-cli-"));
  dir = join(root, "sigma");
  await extractOrg(org, dir, "all");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// A table some workbook lists as a source, and that workbook.
function sampleTable() {
  const wb = visibleWorkbooks(org).find((w) => w.sources.some((s) => s.type === "table"))!;
  const src = wb.sources.find((s) => s.type === "table")!;
  const t = org.tables.find((x) => x.inodeId === (src as { inodeId: string }).inodeId)!;
  return { wb, t };
}

describe("sigmactl lineage", () => {
  it("--downstream DB.SCHEMA.TABLE (any case) gives the impact as JSON when stdout is not a terminal", async () => {
    const { wb, t } = sampleTable();
    const r = await runCli(["lineage", "-d", dir, "--downstream", t.path.join(".").toLowerCase()]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { query: { target: string; direction: string }; nodes: Array<{ id: string; depth: number }> };
    expect(out.query).toMatchObject({ target: tableId(org, t.inodeId), direction: "downstream" });
    expect(out.nodes.map((n) => n.id)).toContain(`workbook:${wb.workbook.workbookId}`);
  });

  it("prints a tree on a terminal, with the impact counts", async () => {
    const { wb } = sampleTable();
    const r = await runCli(["lineage", "-d", dir, "--upstream", wb.workbook.name], { tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`upstream of ${wb.workbook.name}`);
    expect(r.stdout).toMatch(/^sources: \d+ tables?/m);
    expect(r.stdout).toContain("└─ ");
  });

  it("uses the directory from CASTOR_OUTPUT_DIRECTORY and honours --depth", async () => {
    const { t } = sampleTable();
    const r = await runCli(["lineage", "--downstream", tableId(org, t.inodeId), "--depth", "1", "--format", "csv"], {
      env: { CASTOR_OUTPUT_DIRECTORY: dir, NO_COLOR: "1" },
    });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.startsWith(`${tableId(org, t.inodeId)},table,`))).toBe(true);
  });

  it("writes --output atomically, in the format of its extension, and reports it", async () => {
    const file = join(root, "out", "lineage.dot");
    await mkdir(join(root, "out"));
    const ok = await runCli(["lineage", "-d", dir, "-o", file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^wrote dot lineage \(\d+ nodes, \d+ edges\) of run 1700000000 to /);
    expect(parseDot(await readFile(file, "utf8")).kind).toBe("digraph");
    // --json shapes the report on stdout, not the file.
    const json = await runCli(["lineage", "-d", dir, "-o", file, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ command: "lineage", outcome: "ok", exitCode: 0, output: file, format: "dot", runTs: T });
    expect(parseDot(await readFile(file, "utf8")).kind).toBe("digraph");
    expect((await readdir(join(root, "out"))).sort()).toEqual(["lineage.dot"]);
    const bad = await runCli(["lineage", "-d", dir, "-o", join(root, "no-such-dir", "x.json")]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("cannot write");
  });

  it("fails with exit 3 and one line for a missing directory, no complete run, an unknown or ambiguous node", async () => {
    const missing = await runCli(["lineage", "-d", join(root, "nope")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: no such directory: /);

    const partial = join(root, "partial");
    await mkdir(partial);
    for (const f of await readdir(dir)) if (f.startsWith(`${T}-`) && f !== `${T}-summary.json`) await copyFile(join(dir, f), join(partial, f));
    const noRun = await runCli(["lineage", "-d", partial]);
    expect(noRun.code).toBe(3);
    expect(noRun.stderr).toContain(`no complete extraction run in ${partial}`);
    expect(noRun.stderr).toContain(`--run ${T}`);
    const forced = await runCli(["lineage", "-d", partial, "--run", String(T), "--format", "json"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("has no summary");

    const unknown = await runCli(["lineage", "-d", dir, "--downstream", org.workbooks[0]!.workbook.name.slice(0, -2)]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.split("\n")[0]).toMatch(/^error: no node named ".*" in the lineage graph$/);
    expect(unknown.stderr).toContain(`did you mean ${org.workbooks[0]!.workbook.name}`);

    const ambiguous = await runCli(["lineage", "-d", dir, "--upstream", "Overview"]);
    expect(ambiguous.code).toBe(3);
    expect(ambiguous.stderr).toMatch(/"Overview" matches \d+ nodes/);
    expect(ambiguous.stderr).not.toContain("    at "); // no stack trace
  });

  it("refuses contradictory or incomplete flags", async () => {
    expect((await runCli(["lineage", "-d", dir, "--upstream", "x", "--downstream", "y"])).code).toBe(3);
    expect((await runCli(["lineage", "-d", dir, "--depth", "2"])).stderr).toContain("--depth needs --downstream or --upstream");
    expect((await runCli(["lineage", "-d", dir, "--format", "svg"])).code).toBe(3);
    expect((await runCli(["lineage", "-d", dir, "--format", "dot", "--json"])).stderr).toContain("--json and --format dot disagree");
    expect((await runCli(["lineage", "-d", dir, "--run", "0"])).code).toBe(3);
  });

  it("--help shows real examples", async () => {
    const r = await runCli(["lineage", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("sigmactl lineage -d ./sigma --downstream PROD_DW.SALES.ORDERS");
    expect(r.stdout).toContain("--format <format>");
  });
});
