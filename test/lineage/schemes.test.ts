/**
 * Both lineage id schemes end to end: the emulator serves Sigma's ids (`inode-` prefixed
 * sourceIds, `<dataModelUrlId>/<suffix>` data-model element nodes named after the element) or
 * its legacy ones; an extraction of each, queried with `sigmactl lineage --downstream <table>`,
 * gives every table's impact as the organisation's own records say (TableOracle), and the same
 * impact in both schemes.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/index.js";
import type { LineageIds } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/index.js";
import { runCli } from "../helpers/run-cli.js";
import { T, TableOracle, extractOrg, orgOf, srcs, tableId, visibleWorkbooks } from "./support.js";

const SCHEMES: readonly LineageIds[] = ["sigma", "legacy"];
const org = orgOf(1, "tiny");
let root: string;
const truth = new Map<LineageIds, Truth>();
/** Scheme → table graph id → ids of the nodes `--downstream` reached. */
const impact = new Map<LineageIds, Map<string, Set<string>>>();

type Row = Record<string, unknown>;
const readRows = async (scheme: LineageIds, asset: string) => JSON.parse(await readFile(join(root, scheme, `${T}-${asset}.json`), "utf8")) as Row[];

// Tables a visible workbook reads (directly or through anything), by the org's own records.
function expectedImpact(): Map<string, { workbooks: Set<string>; elements: Set<string> }> {
  const oracle = new TableOracle(org);
  const out = new Map<string, { workbooks: Set<string>; elements: Set<string> }>();
  const at = (inode: string) => {
    const id = tableId(org, inode);
    let e = out.get(id);
    if (!e) out.set(id, (e = { workbooks: new Set(), elements: new Set() }));
    return e;
  };
  for (const wb of visibleWorkbooks(org)) {
    for (const s of srcs(wb.sources)) if (s.type === "table") at(s.inodeId).workbooks.add(`workbook:${wb.workbook.workbookId}`);
    for (const el of wb.elements) {
      for (const t of oracle.workbookElement(wb, el.element.elementId)) {
        at(t).elements.add(`element:${wb.workbook.workbookId}/${el.element.elementId}`);
        at(t).workbooks.add(`workbook:${wb.workbook.workbookId}`);
      }
    }
  }
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-lineage-schemes-"));
  for (const scheme of SCHEMES) {
    // Strict bodies: served ids are compared with the records (the shapes are tested on their own).
    const emu = await createEmulator({ seed: org.seed, size: org.size, org, lineageIds: scheme, shape: "strict", log: () => {} });
    truth.set(scheme, emu.truth() as Truth);
    await emu.close();
    await extractOrg(org, join(root, scheme), "all", "castor", scheme, "strict");
    const byTable = new Map<string, Set<string>>();
    for (const table of expectedImpact().keys()) {
      const r = await runCli(["lineage", "-d", join(root, scheme), "--downstream", table, "--format", "json"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { query: { target: string }; nodes: Array<{ id: string }> };
      expect(out.query.target).toBe(table);
      byTable.set(table, new Set(out.nodes.map((n) => n.id)));
    }
    impact.set(scheme, byTable);
  }
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("lineage ids as served", () => {
  it("sigma: data-model nodes are <dataModelUrlId>/<suffix>, named after the element, without elementId, as truth says", async () => {
    const t = truth.get("sigma")!;
    expect(t.lineageIds).toBe("sigma");
    const byNode = new Map(t.dataModels.flatMap((d) => d.elements.map((e) => [e.lineageNodeId, { dm: d, el: e }] as const)));
    // Every element has its own node id, not its elementId.
    expect(byNode.size).toBe(t.dataModels.reduce((n, d) => n + d.elements.length, 0));
    let dmNodes = 0;
    for (const g of await readRows("sigma", "lineages")) {
      for (const n of Object.values(g.dependencies as Record<string, Row>)) {
        if (n.type === "join") expect(n.name).toBeUndefined();
        if (n.type === "table" || n.type === "dataset") expect(String(n.nodeId)).toMatch(/^inode-/);
        if (n.type !== "data-model") continue;
        dmNodes++;
        const known = byNode.get(String(n.nodeId));
        expect(known, String(n.nodeId)).toBeDefined();
        expect(String(n.nodeId).startsWith(`${known!.dm.dataModelUrlId}/`)).toBe(true);
        expect(String(n.nodeId).endsWith(`/${known!.el.elementId}`)).toBe(false);
        expect(n.name).toBe(known!.el.name);
        expect(n.elementId).toBeUndefined();
      }
    }
    expect(dmNodes).toBeGreaterThan(0);
    // Workbook lineage names the same data-model elements in sourceIds, and tables with `inode-`.
    const sourceIds = (await readRows("sigma", "lineage")).flatMap((e) => (Array.isArray(e.sourceIds) ? (e.sourceIds as string[]) : []));
    expect(sourceIds.some((id) => byNode.has(id))).toBe(true);
    const tableInodes = new Set(org.tables.map((x) => x.inodeId));
    expect(sourceIds.some((id) => id.startsWith("inode-") && tableInodes.has(id.slice(6)))).toBe(true);
    expect(sourceIds.some((id) => tableInodes.has(id))).toBe(false);
  });

  it("legacy: today's scheme (inode-<dataModelUrlId> with elementId, bare ids in sourceIds)", async () => {
    const t = truth.get("legacy")!;
    expect(t.lineageIds).toBe("legacy");
    for (const d of t.dataModels) for (const e of d.elements) expect(e.lineageNodeId).toBe(`inode-${d.dataModelUrlId}`);
    let dmNodes = 0;
    for (const g of await readRows("legacy", "lineages")) {
      for (const n of Object.values(g.dependencies as Record<string, Row>)) {
        if (n.type === "join") expect(n.name).toBe("Join");
        if (n.type !== "data-model") continue;
        dmNodes++;
        expect(String(n.nodeId)).toMatch(/^inode-/);
        expect(typeof n.elementId).toBe("string");
      }
    }
    expect(dmNodes).toBeGreaterThan(0);
    const sourceIds = (await readRows("legacy", "lineage")).flatMap((e) => (Array.isArray(e.sourceIds) ? (e.sourceIds as string[]) : []));
    expect(sourceIds.some((id) => id.startsWith("inode-"))).toBe(false);
  });
});

describe.each(SCHEMES)("sigmactl lineage --downstream <table> over an extraction in the %s scheme", (scheme) => {
  it("reaches every workbook and element that reads the table, and no other element", () => {
    const expected = expectedImpact();
    const withError = new Set(
      org.workbooks.flatMap((w) => w.elements.filter((e) => "error" in e.lineage).map((e) => `element:${w.workbook.workbookId}/${e.element.elementId}`)),
    );
    expect(expected.size).toBeGreaterThan(3);
    let checked = 0;
    for (const [table, want] of expected) {
      const got = impact.get(scheme)!.get(table)!;
      for (const id of [...want.workbooks, ...want.elements]) expect(got.has(id), `${scheme}: ${id} reads ${table}`).toBe(true);
      // Exact for elements whose lineage graph Sigma answers (the others may be linked to a whole data model).
      const extra = [...got].filter((id) => id.startsWith("element:") && !want.elements.has(id) && !withError.has(id));
      expect(extra, `${scheme}: ${table} reaches elements that do not read it`).toEqual([]);
      checked += want.elements.size;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("gives the same impact as the other scheme", () => {
    const other = impact.get(scheme === "sigma" ? "legacy" : "sigma")!;
    for (const [table, got] of impact.get(scheme)!) expect([...got].sort(), table).toEqual([...other.get(table)!].sort());
  });
});
