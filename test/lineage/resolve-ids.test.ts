/**
 * The offline resolver on hand-written runs, one per lineage id scheme: Sigma's
 * (`inode-<id>` tables and datasets, `<dataModelUrlId>/<suffix>` data-model elements named
 * only by their graph node) and bare ids. Data-model element names repeat across two data
 * models and within one, so the name alone never decides; tables are placed by connection
 * paths, or by table files when nothing else knows them.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLineageGraph } from "../../src/lineage/index.js";
import type { LineageGraph, LineageGraphEdge } from "../../src/lineage/index.js";

const T = 1_700_000_200;
const CONN = "c0000000-0000-0000-0000-0000000000aa";
const WB = "w0000000-0000-0000-0000-0000000000aa";
// Two data models: both have an element named "Orders"; the second has two elements named "Revenue".
const DM1 = "d0000000-0000-0000-0000-000000000001";
const DM2 = "d0000000-0000-0000-0000-000000000002";
const DM1_URL = "Dm1UrlIdAAAAAAAAAAAAAA"; // 22 characters
const DM2_URL = "Dm2UrlIdBBBBBBBBBBBBB"; // 21 characters: real urlIds have both lengths
// Opaque suffixes: deliberately unlike the elementIds.
const N = {
  dm1Orders: `${DM1_URL}/sfxOrd0001`,
  dm2Orders: `${DM2_URL}/sfxOrd0002`,
  dm2RevA: `${DM2_URL}/sfxRevA003`,
  dm2RevB: `${DM2_URL}/sfxRevB004`,
};

type Scheme = "sigma" | "legacy";
type Row = Record<string, unknown>;

// Workbook elements and what each reads:
//   e1: table tbl1 (known from sources)            e2: dataset ds1
//   e3: DM1 "Orders"                               e4: DM2 "Orders" (same name, other model)
//   e5: DM2 "Revenue" (two in DM2; sources list only revB)
//   e6: table tbl9 (known only from a table file)
// A second workbook WB2 reads DM2 "Revenue" but lists both Revenue elements: not narrowable.
const WB2 = "w0000000-0000-0000-0000-0000000000bb";

function run(scheme: Scheme): Record<string, Row[]> {
  const sigma = scheme === "sigma";
  const inode = (id: string) => (sigma ? `inode-${id}` : id);
  const dmSource = (node: string, dm: string) => (sigma ? node : dm);
  const dmNode = (node: string, dmUrl: string, elementId: string, name: string, dmName: string): Row =>
    sigma ? { nodeId: node, type: "data-model", name } : { nodeId: `inode-${dmUrl}`, type: "data-model", name: dmName, elementId };
  const graph = (wb: string, el: string, up: Row): Row => ({
    dependencies: { [`sheet-${el}`]: { nodeId: `sheet-${el}`, type: "sheet", name: el, elementId: el }, [String(up.nodeId)]: up },
    edges: [{ source: up.nodeId, target: `sheet-${el}`, type: "source" }],
    workbook_id: wb,
    element_id: el,
  });
  return {
    connections: [{ connectionId: CONN, name: "Warehouse" }],
    // DM1 spells its url id the documented way; DM2 as real bodies do (`urlId`, no dataModelUrlId).
    datamodels: [
      { dataModelId: DM1, dataModelUrlId: DM1_URL, name: "Sales", url: `https://app.sigmacomputing.com/o/data-model/${DM1_URL}` },
      { dataModelId: DM2, urlId: DM2_URL, name: "Finance" },
    ],
    datamodel_elements: [
      { elementId: "m1o", name: "Orders", type: "table", datamodel_id: DM1 },
      { elementId: "m2o", name: "Orders", type: "table", datamodel_id: DM2 },
      { elementId: "m2ra", name: "Revenue", type: "table", datamodel_id: DM2 },
      { elementId: "m2rb", name: "Revenue", type: "table", datamodel_id: DM2 },
    ],
    datasets: [{ datasetId: "ds-uuid-1", name: "Old Orders", url: "https://app.sigmacomputing.com/o/b/dsInode1" }],
    workbooks: [
      { workbookId: WB, name: "Board" },
      { workbookId: WB2, name: "Board 2" },
    ],
    workbook_sources: [
      {
        asset_id: WB,
        sources: [
          { type: "table", inodeId: "tbl1", connectionId: CONN, path: ["DW", "SALES", "ORDERS"] },
          { type: "dataset", inodeId: "dsInode1" },
          { type: "data-model", dataModelId: DM1, elementIds: ["m1o"] },
          { type: "data-model", dataModelId: DM2, elementIds: ["m2o", "m2rb"] },
        ],
      },
      { asset_id: WB2, sources: [{ type: "data-model", dataModelId: DM2, elementIds: ["m2ra", "m2rb"] }] },
    ],
    elements: ["e1", "e2", "e3", "e4", "e5", "e6"].map((e) => ({ elementId: e, name: e, type: "table", workbook_id: WB, page_id: "p1" })),
    lineage: [
      { type: "element", elementId: "e1", sourceIds: [inode("tbl1")], workbook_id: WB },
      { type: "element", elementId: "e2", sourceIds: [inode("dsInode1")], workbook_id: WB },
      { type: "element", elementId: "e3", sourceIds: [dmSource(N.dm1Orders, DM1)], workbook_id: WB },
      { type: "element", elementId: "e4", sourceIds: [dmSource(N.dm2Orders, DM2)], workbook_id: WB },
      { type: "element", elementId: "e5", sourceIds: [dmSource(N.dm2RevB, DM2)], workbook_id: WB },
      { type: "element", elementId: "e6", sourceIds: [inode("tbl9")], workbook_id: WB },
      // Real bodies: no connectionId, no dataSourceIds.
      { type: "table", name: "ORDERS", inodeId: "tbl1", workbook_id: WB },
      { type: "table", name: "EVENTS", inodeId: "tbl9", workbook_id: WB },
      { type: "element", elementId: "x1", sourceIds: [dmSource(N.dm2RevA, DM2)], workbook_id: WB2 },
    ],
    lineages: [
      graph(WB, "e3", dmNode(N.dm1Orders, DM1_URL, "m1o", "Orders", "Sales")),
      graph(WB, "e4", dmNode(N.dm2Orders, DM2_URL, "m2o", "Orders", "Finance")),
      graph(WB, "e5", dmNode(N.dm2RevB, DM2_URL, "m2rb", "Revenue", "Finance")),
      // WB2's element graph: sigma names the node "Revenue", which two DM2 elements share.
      graph(WB2, "x1", dmNode(N.dm2RevA, DM2_URL, "m2ra", "Revenue", "Finance")),
    ],
    // A table file: `path` is <connection>/<database>/<schema>.
    files: [{ id: "tbl9", urlId: "tbl9", name: "EVENTS", type: "table", path: "Warehouse/DW/RAW" }],
  };
}

let root: string;
const graphs = new Map<Scheme, LineageGraph>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-lineage-ids-"));
  for (const scheme of ["sigma", "legacy"] as const) {
    const dir = join(root, scheme);
    await mkdir(dir);
    for (const [asset, rows] of Object.entries(run(scheme))) await writeFile(join(dir, `${T}-${asset}.json`), JSON.stringify(rows));
    await writeFile(join(dir, `${T}-summary.json`), JSON.stringify({ complete: true, error_count: 0 }));
    graphs.set(scheme, await buildLineageGraph(dir));
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const into = (g: LineageGraph, to: string): LineageGraphEdge[] => g.edges.filter((e) => e.to === to && e.basis !== "contains");
const el = (wb: string, e: string) => `element:${wb}/${e}`;

describe.each(["sigma", "legacy"] as const)("resolving lineage ids (%s scheme)", (scheme) => {
  const g = () => graphs.get(scheme)!;

  it("resolves tables and datasets, with or without the inode- prefix", () => {
    expect(into(g(), el(WB, "e1")).map((e) => e.from)).toEqual([`table:${CONN}/DW.SALES.ORDERS`]);
    expect(into(g(), el(WB, "e2")).map((e) => e.from)).toEqual(["dataset:ds-uuid-1"]);
    expect(g().nodes.filter((n) => n.kind === "unresolved")).toEqual([]);
  });

  it("places a table that only a table file knows by the file's path, under its connection", () => {
    const [edge] = into(g(), el(WB, "e6"));
    expect(edge?.from).toBe(`table:${CONN}/DW.RAW.EVENTS`);
    expect(g().nodes.find((n) => n.id === edge?.from)).toMatchObject({ kind: "table", path: ["DW", "RAW", "EVENTS"], connection: "Warehouse", sigmaId: "tbl9" });
  });

  it("tells apart same-named elements of two data models, by the model's url id (dataModelUrlId or urlId)", () => {
    expect(into(g(), el(WB, "e3"))).toEqual([expect.objectContaining({ from: `datamodel-element:${DM1}/m1o`, level: "element" })]);
    expect(into(g(), el(WB, "e4"))).toEqual([expect.objectContaining({ from: `datamodel-element:${DM2}/m2o`, level: "element" })]);
    if (scheme === "sigma") expect(into(g(), el(WB, "e3"))[0]!.basis).toBe("name");
  });

  it("narrows a name repeated within one model with the document's sources", () => {
    expect(into(g(), el(WB, "e5"))).toEqual([expect.objectContaining({ from: `datamodel-element:${DM2}/m2rb`, level: "element" })]);
  });

  it("links to the model as a whole, and says so, only when nothing narrows it", () => {
    const edges = into(g(), el(WB2, "x1"));
    if (scheme === "sigma") {
      // "Revenue" names two DM2 elements and WB2's sources list both: which one is unknown.
      expect(edges).toEqual([{ from: `datamodel:${DM2}`, to: el(WB2, "x1"), level: "document", basis: "whole-model" }]);
      expect(g().notes.join("\n")).toContain("1 element link(s) to a data model are document-level");
    } else {
      // The legacy graph node carries the elementId.
      expect(edges).toEqual([expect.objectContaining({ from: `datamodel-element:${DM2}/m2ra`, level: "element", basis: "element-lineage" })]);
    }
  });
});

describe("resolving Sigma's data-model node ids without element graphs", () => {
  it("uses the document's sources when they list one element, else the whole model", async () => {
    const dir = join(root, "sigma-no-graphs");
    await mkdir(dir);
    const rows = run("sigma");
    delete rows.lineages;
    for (const [asset, r] of Object.entries(rows)) await writeFile(join(dir, `${T}-${asset}.json`), JSON.stringify(r));
    await writeFile(join(dir, `${T}-summary.json`), JSON.stringify({ complete: true, error_count: 0 }));
    const g = await buildLineageGraph(dir);
    // WB lists one DM1 element: e3 reads it. WB lists two DM2 elements: e4 and e5 cannot be told apart.
    expect(into(g, el(WB, "e3"))).toEqual([expect.objectContaining({ from: `datamodel-element:${DM1}/m1o`, basis: "sources" })]);
    expect(into(g, el(WB, "e4"))).toEqual([expect.objectContaining({ from: `datamodel:${DM2}`, basis: "whole-model", level: "document" })]);
    expect(g.nodes.filter((n) => n.kind === "unresolved")).toEqual([]);
  });
});
