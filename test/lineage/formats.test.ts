/**
 * Output formats and determinism on a real extraction of a tiny organisation: every format
 * parses with an independent reader and says the same thing as the graph; the same extraction
 * gives the same bytes, whatever the order of the rows in its files or their format.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINEAGE_FORMATS, buildLineageGraph, findNode, lineageOf, renderLineage, wholeGraph } from "../../src/lineage/index.js";
import type { LineageGraph, LineageView } from "../../src/lineage/index.js";
import { viewJson } from "../../src/lineage/render-json.js";
import { checkMermaid, parseCsv, parseDot } from "./format-checks.js";
import { extractOrg, orgOf } from "./support.js";

let root: string;
let graph: LineageGraph;
let views: Array<[string, LineageView]>;

const org = orgOf(1, "tiny");

function viewsOf(g: LineageGraph): Array<[string, LineageView]> {
  const table = g.nodes.find((n) => n.kind === "table" && g.edges.filter((e) => e.from === n.id).length > 1)!;
  const element = g.nodes.find((n) => n.kind === "element" && g.edges.some((e) => e.to === n.id && e.from.startsWith("datamodel-element:")))!;
  return [
    ["whole graph", wholeGraph(g)],
    ["downstream of a table", lineageOf(g, table.id, "downstream")],
    ["upstream of an element", lineageOf(g, element.id, "upstream")],
    ["downstream, depth 2", lineageOf(g, table.id, "downstream", { maxDepth: 2 })],
  ];
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-lineage-formats-"));
  await extractOrg(org, join(root, "run"), "all");
  graph = await buildLineageGraph(join(root, "run"));
  views = viewsOf(graph);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("lineage output formats", () => {
  it("DOT parses as a digraph with every node and edge of the view", () => {
    for (const [what, view] of views) {
      const dot = parseDot(renderLineage(view, "dot"));
      expect(dot.kind, what).toBe("digraph");
      expect([...dot.nodes.keys()].sort(), what).toEqual(view.nodes.map((n) => n.id).sort());
      for (const e of dot.edges) expect(dot.nodes.has(e.from) && dot.nodes.has(e.to), what).toBe(true);
      expect(dot.edges.map((e) => `${e.from}>${e.to}`), what).toEqual(view.edges.map((e) => `${e.from}>${e.to}`));
      expect(dot.edges.filter((e) => e.attrs.style === "dashed").length).toBe(view.edges.filter((e) => e.level === "document").length);
      // Labels survive the quoting: each node's label is its own.
      for (const n of view.nodes) expect(dot.nodes.get(n.id)!.label!.startsWith(`${n.label}\n`)).toBe(true);
    }
  });

  it("Mermaid is a flowchart with one declared node per graph node", () => {
    for (const [what, view] of views) {
      const text = renderLineage(view, "mermaid");
      expect(text.startsWith("flowchart")).toBe(true);
      const m = checkMermaid(text);
      expect(m.nodes.size, what).toBe(view.nodes.length);
      expect(m.edges.length, what).toBe(view.edges.length);
      expect(m.edges.filter(([, , arrow]) => arrow === "-.->").length).toBe(view.edges.filter((e) => e.level === "document").length);
    }
  });

  it("JSON round-trips: parsing it gives back the view's nodes, edges, depths and counts", () => {
    for (const [what, view] of views) {
      const parsed = JSON.parse(renderLineage(view, "json")) as ReturnType<typeof viewJson> & {
        nodes: Array<{ id: string; depth?: number }>;
        edges: Array<{ from: string; to: string }>;
      };
      expect(parsed, what).toEqual(viewJson(view));
      expect(parsed.nodes.map((n) => n.id)).toEqual(view.nodes.map((n) => n.id));
      expect(parsed.edges.map((e) => `${e.from}>${e.to}`)).toEqual(view.edges.map((e) => `${e.from}>${e.to}`));
      if (view.query) {
        expect(parsed.nodes.find((n) => n.id === view.query!.target)!.depth).toBe(0);
        expect(parsed.nodes.every((n) => typeof n.depth === "number")).toBe(true);
        if (view.query.maxDepth !== null) expect(Math.max(...parsed.nodes.map((n) => n.depth!))).toBeLessThanOrEqual(view.query.maxDepth);
      }
    }
  });

  it("CSV has one well-formed row per edge", () => {
    for (const [what, view] of views) {
      const rows = parseCsv(renderLineage(view, "csv"));
      expect(rows[0]).toEqual(["from", "from_kind", "from_label", "to", "to_kind", "to_label", "level", "basis"]);
      expect(rows.length - 1, what).toBe(view.edges.length);
      expect(rows.every((r) => r.length === 8)).toBe(true);
      const labels = new Map(view.nodes.map((n) => [n.id, n.label]));
      for (const r of rows.slice(1)) expect([labels.get(r[0]!), labels.get(r[3]!)]).toEqual([r[2], r[5]]);
    }
  });

  it("tree prints each node once, then 'see above'", () => {
    const [, whole] = views[0]!;
    const text = renderLineage(whole, "tree");
    const lines = text.split("\n").filter((l) => /\[\w/.test(l) && !l.includes("see above"));
    expect(lines.length).toBe(whole.nodes.length);
    const [, down] = views[1]!;
    const tree = renderLineage(down, "tree");
    expect(tree.split("\n")[0]).toContain(`downstream of ${down.nodes.find((n) => n.id === down.query!.target)!.label}`);
    expect(tree).toMatch(/^impact: .*\d+ workbooks?/m);
  });
});

describe("lineage determinism", () => {
  it("gives byte-identical output for the same extraction", async () => {
    const again = viewsOf(await buildLineageGraph(join(root, "run")));
    for (const format of LINEAGE_FORMATS) {
      for (let i = 0; i < views.length; i++) expect(renderLineage(again[i]![1], format), `${views[i]![0]} as ${format}`).toBe(renderLineage(views[i]![1], format));
    }
  });

  it("does not depend on the order of rows in the files", async () => {
    const src = join(root, "run");
    const dst = join(root, "reversed");
    await mkdir(dst);
    for (const name of await readdir(src)) {
      if (!name.endsWith(".json")) continue;
      const text = await readFile(join(src, name), "utf8");
      const value = JSON.parse(text) as unknown;
      await writeFile(join(dst, name), Array.isArray(value) ? JSON.stringify([...value].reverse()) : text);
    }
    const reversed = viewsOf(await buildLineageGraph(dst));
    for (const format of LINEAGE_FORMATS) {
      for (let i = 0; i < views.length; i++) expect(renderLineage(reversed[i]![1], format), `${views[i]![0]} as ${format}`).toBe(renderLineage(views[i]![1], format));
    }
  });

  it("reads a JSON Lines extraction to the same graph", async () => {
    await extractOrg(org, join(root, "jsonl"), "all", "jsonl");
    const g = await buildLineageGraph(join(root, "jsonl"));
    expect(g.run.format).toBe("jsonl");
    expect({ ...g, run: { ...g.run, format: "castor" } }).toEqual(graph);
  });

  it("finds the same node by id, url id, DB.SCHEMA.TABLE, label and name", () => {
    const wb = graph.nodes.find((n) => n.kind === "workbook")!;
    for (const q of [wb.id, wb.sigmaId!, wb.urlId!, wb.label.toUpperCase(), `workbook:${wb.name}`]) expect(findNode(graph, q).id, q).toBe(wb.id);
    const table = graph.nodes.find((n) => n.kind === "table" && n.path !== undefined)!;
    for (const q of [table.path!.join(".").toLowerCase(), `${table.connection}/${table.name}`, table.sigmaId!]) expect(findNode(graph, q).id, q).toBe(table.id);
  });
});
