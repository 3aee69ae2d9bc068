/**
 * The lineage graph of real extractions of emulated organisations, checked against the
 * organisation's own records (SQL, sources, lineage entries and element graphs), never against
 * the files the graph was built from.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Org } from "../../src/emulator/org/index.js";
import { buildLineageGraph, lineageOf } from "../../src/lineage/index.js";
import type { LineageGraph } from "../../src/lineage/index.js";
import { T, TableOracle, extractOrg, orgOf, qualifiedName, sqlNames, srcs, tableId, visibleWorkbooks } from "./support.js";
import type { LinEntry } from "./support.js";

let root: string;
const small: Org = orgOf(3, "small");

const idsOf = (g: LineageGraph, id: string, direction: "upstream" | "downstream") => new Set(lineageOf(g, id, direction).nodes.map((n) => n.id));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-lineage-graph-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// The emulator's default lineage ids (Sigma's), then its legacy scheme.
describe.each(["sigma", "legacy"] as const)("lineage graph of a small organisation (all assets, %s lineage ids)", (scheme) => {
  let graph: LineageGraph;
  beforeAll(async () => {
    await extractOrg(small, join(root, `small-${scheme}`), "all", "castor", scheme);
    graph = await buildLineageGraph(join(root, `small-${scheme}`));
  });

  it("puts every table a workbook's SQL names upstream of that workbook", async () => {
    let checked = 0;
    for (const wb of visibleWorkbooks(small)) {
      const up = lineageOf(graph, `workbook:${wb.workbook.workbookId}`, "upstream").nodes.filter((n) => n.kind === "table");
      const upIds = new Set(up.map((n) => n.id));
      const upPaths = new Set(up.map((n) => n.name));
      for (const el of wb.elements) {
        const sql = el.query?.sql;
        if (!sql) continue;
        for (const t of small.tables) {
          const name = qualifiedName(small, t);
          if (!sqlNames(sql, name)) continue;
          // The SQL text does not say which connection; when two connections share the name, either will do.
          const unique = small.tables.filter((x) => qualifiedName(small, x) === name).length === 1;
          const ok = unique ? upIds.has(tableId(small, t.inodeId)) : upPaths.has(t.path.join("."));
          expect(ok, `${wb.workbook.name} / ${el.element.name}: SQL names ${name}, not upstream of the workbook`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("puts downstream of a table every workbook whose sources list it and every element whose lineage reaches it", () => {
    const oracle = new TableOracle(small);
    const expected = new Map<string, Set<string>>();
    const want = (inode: string, node: string) => expected.set(inode, (expected.get(inode) ?? new Set()).add(node));
    for (const wb of visibleWorkbooks(small)) {
      for (const s of srcs(wb.sources)) if (s.type === "table") want(s.inodeId, `workbook:${wb.workbook.workbookId}`);
      for (const el of wb.elements) {
        for (const t of oracle.workbookElement(wb, el.element.elementId)) want(t, `element:${wb.workbook.workbookId}/${el.element.elementId}`);
      }
    }
    let checked = 0;
    for (const [inode, nodes] of expected) {
      const down = idsOf(graph, tableId(small, inode), "downstream");
      for (const n of nodes) {
        expect(down.has(n), `${n} reads ${tableId(small, inode)} but is not downstream of it`).toBe(true);
        checked++;
      }
    }
    expect(expected.size).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(200);
  });

  it("is exact: an element's upstream tables are the tables it reads, no more", () => {
    const oracle = new TableOracle(small);
    let checked = 0;
    for (const wb of visibleWorkbooks(small)) {
      for (const el of wb.elements) {
        const id = `element:${wb.workbook.workbookId}/${el.element.elementId}`;
        if (!graph.nodes.some((n) => n.id === id)) continue;
        const want = [...oracle.workbookElement(wb, el.element.elementId)].map((t) => tableId(small, t)).sort();
        const got = lineageOf(graph, id, "upstream").nodes.filter((n) => n.kind === "table").map((n) => n.id).sort();
        expect(got, id).toEqual(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("chains data models built on data models, down to the first model's tables", () => {
    const oracle = new TableOracle(small);
    let chains = 0;
    let throughWorkbooks = 0;
    for (const dm2 of small.dataModels) {
      for (const s of srcs(dm2.sources)) {
        if (s.type !== "data-model") continue;
        chains++;
        const dm2Id = `datamodel:${dm2.dataModel.dataModelId}`;
        const up = idsOf(graph, dm2Id, "upstream");
        for (const el of s.elementIds ?? []) {
          expect(up.has(`datamodel-element:${s.dataModelId}/${el}`), `${dm2.dataModel.name} reads ${s.dataModelId}/${el}`).toBe(true);
          for (const t of oracle.dataModelElement(s.dataModelId, el)) {
            expect(up.has(tableId(small, t))).toBe(true);
            expect(idsOf(graph, tableId(small, t), "downstream").has(dm2Id)).toBe(true);
          }
        }
        // Three levels: a workbook element on the second model reaches the first model's elements.
        for (const wb of visibleWorkbooks(small)) {
          for (const w of srcs(wb.sources)) {
            if (w.type !== "data-model" || w.dataModelId !== dm2.dataModel.dataModelId) continue;
            const wbUp = idsOf(graph, `workbook:${wb.workbook.workbookId}`, "upstream");
            const dm2Read = (w.elementIds ?? []).filter((e) => oracle.dataModelElement(dm2.dataModel.dataModelId, e).size > 0);
            const viaFirst = (dm2.lineage as LinEntry[]).some((e) => e.type === "element" && dm2Read.includes(e.elementId ?? "") && (e.sourceIds ?? []).includes(s.dataModelId));
            if (!viaFirst) continue;
            expect([...wbUp].some((id) => id.startsWith(`datamodel-element:${s.dataModelId}/`)), `${wb.workbook.name} → ${dm2.dataModel.name} → ${s.dataModelId}`).toBe(true);
            throughWorkbooks++;
          }
        }
      }
    }
    expect(chains).toBeGreaterThan(0);
    expect(throughWorkbooks).toBeGreaterThan(0);
  });

  it("says when the run skipped parts", async () => {
    const summary = JSON.parse(await readFile(join(root, `small-${scheme}`, `${T}-summary.json`), "utf8")) as { error_count: number };
    expect(graph.run.complete).toBe(summary.error_count === 0);
    if (summary.error_count > 0) expect(graph.notes[0]).toContain(`skipped ${summary.error_count} part(s)`);
  });

  it("has stable, unique ids and edges between known nodes only", () => {
    const ids = graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(ids);
    for (const e of graph.edges) expect(known.has(e.from) && known.has(e.to)).toBe(true);
    for (const wb of visibleWorkbooks(small)) expect(known.has(`workbook:${wb.workbook.workbookId}`)).toBe(true);
    expect(graph.nodes.filter((n) => n.kind === "unresolved")).toEqual([]);
  });
});

describe("lineage graph of a tiny organisation, by what the extraction holds", () => {
  const tiny = orgOf(1, "tiny");
  const dmDocLinks = (g: LineageGraph) => g.edges.filter((e) => e.from.startsWith("datamodel:") && e.to.startsWith("element:"));

  it("links elements to data-model elements with lineages, to the whole model without when several are read", async () => {
    const withGraphs = join(root, "tiny-all");
    const without = join(root, "tiny-default");
    await extractOrg(tiny, withGraphs, "all");
    await extractOrg(tiny, without, "default");
    const precise = await buildLineageGraph(withGraphs);
    const coarse = await buildLineageGraph(without);
    // Seed 1 has a workbook reading two elements of one model: only the element graphs tell which.
    expect(tiny.workbooks.some((w) => srcs(w.sources).some((s) => s.type === "data-model" && (s.elementIds ?? []).length > 1))).toBe(true);
    const withError = new Set(tiny.workbooks.flatMap((w) => w.elements.filter((e) => "error" in e.lineage).map((e) => `element:${w.workbook.workbookId}/${e.element.elementId}`)));
    expect(dmDocLinks(precise).filter((e) => !withError.has(e.to))).toEqual([]);
    expect(dmDocLinks(coarse).length).toBeGreaterThan(0);
    expect(dmDocLinks(coarse).every((e) => e.level === "document")).toBe(true);
    expect(coarse.notes.join("\n")).toContain("extract the `lineages` asset too");
    // The coarse graph never loses a table: it may only add some.
    for (const n of precise.nodes.filter((x) => x.kind === "element")) {
      const a = [...idsOf(precise, n.id, "upstream")].filter((id) => id.startsWith("table:"));
      const b = idsOf(coarse, n.id, "upstream");
      for (const t of a) expect(b.has(t), `${n.id} lost ${t}`).toBe(true);
    }
  });

  it("still gives document-level lineage from castor's assets alone (no lineage files)", async () => {
    const dir = join(root, "tiny-castor");
    await extractOrg(tiny, dir, "castor");
    const g = await buildLineageGraph(dir);
    expect(g.notes.some((n) => n.startsWith("no lineage file"))).toBe(true);
    expect(g.notes.some((n) => n.startsWith("no datamodel_lineage file"))).toBe(true);
    expect(g.edges.some((e) => e.basis === "lineage")).toBe(false);
    let checked = 0;
    for (const wb of visibleWorkbooks(tiny)) {
      const wbId = `workbook:${wb.workbook.workbookId}`;
      for (const s of srcs(wb.sources)) {
        if (s.type !== "table") continue;
        expect(idsOf(g, tableId(tiny, s.inodeId), "downstream").has(wbId)).toBe(true);
        expect(g.edges.find((e) => e.from === tableId(tiny, s.inodeId) && e.to === wbId)?.level).toBe("document");
        checked++;
      }
      // castor's elements still hang off their pages and workbooks.
      for (const el of wb.elements.filter((e) => e.element.type === "table")) {
        expect(idsOf(g, `element:${wb.workbook.workbookId}/${el.element.elementId}`, "downstream").has(wbId)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(3);
    // Data models read by workbooks feed them through the elements their sources list.
    for (const wb of visibleWorkbooks(tiny)) {
      for (const s of srcs(wb.sources)) {
        if (s.type !== "data-model") continue;
        for (const el of s.elementIds ?? []) {
          expect(idsOf(g, `datamodel-element:${s.dataModelId}/${el}`, "downstream").has(`workbook:${wb.workbook.workbookId}`)).toBe(true);
        }
      }
    }
  });
});
