/**
 * Lineage pieces on their own: the custom SQL scanner, node matching, output escaping, and
 * the builder on a hand-written run (missing files, unresolved ids, awkward names).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { buildLineageGraph, findNode, lineageOf, renderLineage, wholeGraph } from "../../src/lineage/index.js";
import type { LineageGraph } from "../../src/lineage/index.js";
import { tableRefs } from "../../src/lineage/sql-tables.js";
import { checkMermaid, parseCsv, parseDot } from "./format-checks.js";

describe("tableRefs (custom SQL)", () => {
  it("finds dotted names after FROM and JOIN, quoted or not", () => {
    expect(tableRefs("select *\nfrom ANALYTICS.SALES.ORDERS o join \"PROD\".\"SALES\".\"ITEMS\" i on o.id = i.id")).toEqual([
      ["ANALYTICS", "SALES", "ORDERS"],
      ["PROD", "SALES", "ITEMS"],
    ]);
    expect(tableRefs("select * from `acme-raw.people.employees` where hire_date >= '2025-01-01'")).toEqual([["acme-raw", "people", "employees"]]);
    expect(tableRefs("SELECT a FROM [dw].[dbo].[Orders] LEFT OUTER JOIN dw.dbo.Lines ON 1=1")).toEqual([
      ["dw", "dbo", "Orders"],
      ["dw", "dbo", "Lines"],
    ]);
  });

  it("follows comma lists, skips comments, strings, subqueries and table functions", () => {
    expect(tableRefs("select * from a.b.c x, d.e.f as y, g.h -- from no.such.table\nwhere s = 'from fake.quoted.name'")).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
      ["g", "h"],
    ]);
    expect(tableRefs("/* from x.y.z */ select * from (select * from inner_db.s.t) q cross join lateral flatten(input => q.v)")).toEqual([
      ["inner_db", "s", "t"],
    ]);
    expect(tableRefs("with recent as (select * from db.s.orders) select extract(year from created_at) from recent")).toEqual([
      ["db", "s", "orders"],
      ["created_at"],
      ["recent"],
    ]);
    expect(tableRefs("select 'it''s from x.y.z' as s from db.s.t")).toEqual([["db", "s", "t"]]);
  });
});

const T = 1_700_000_100;
let dir: string;
let graph: LineageGraph;

// A hand-written run: one workbook with awkward names, no pages, no data-model files, no summary.
const CONN = "c0000000-0000-0000-0000-000000000001";
const WB = "w0000000-0000-0000-0000-000000000001";
const DM = "d0000000-0000-0000-0000-000000000001";
const files: Record<string, unknown[]> = {
  connections: [{ connectionId: CONN, name: 'Snow "Prod"' }],
  workbooks: [{ workbookId: WB, workbookUrlId: "wbUrl1", name: 'Sales, "Q1" <draft>', url: "https://app.sigmacomputing.com/x/workbook/wbUrl1" }],
  workbook_sources: [
    {
      asset_id: WB,
      sources: [
        { type: "table", inodeId: "tbl1", connectionId: CONN, path: ["DW", "SALES", "ORDERS"] },
        { type: "custom-sql", connectionId: CONN, definition: "select * from DW.SALES.ORDERS o join dw.sales.items i on o.id = i.id join DW.RAW.EVENTS e on 1=1 join DW.STAGE.ORDERS s on 1=1", customSqlId: "sql1" },
        { type: "data-model", dataModelId: DM, elementIds: ["dmA", "dmB"] },
        { type: "csv-upload", csvId: "csv1" },
      ],
    },
  ],
  elements: [
    { elementId: "e1", name: "Orders\nby month", type: "table", workbook_id: WB, page_id: "p1" },
    { elementId: "e2", name: "From SQL", type: "table", workbook_id: WB, page_id: "p1" },
    { elementId: "e3", name: "Model view", type: "visualization", workbook_id: WB, page_id: "p2" },
  ],
  lineage: [
    { type: "element", elementId: "e1", sourceIds: ["tbl1", "mystery9"], dataSourceIds: ["tbl1"], workbook_id: WB },
    { type: "element", elementId: "e2", sourceIds: ["sql1"], dataSourceIds: ["sql1"], workbook_id: WB },
    { type: "element", elementId: "e3", sourceIds: [DM], dataSourceIds: [DM], workbook_id: WB },
    { type: "table", connectionId: CONN, name: "ORDERS", inodeId: "tbl1", workbook_id: WB },
    { type: "data-model", connectionId: null, name: "Sales Model", dataModelId: DM, workbook_id: WB },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-lineage-units-"));
  for (const [asset, rows] of Object.entries(files)) await writeFile(join(dir, `${T}-${asset}.json`), JSON.stringify(rows));
  graph = await buildLineageGraph(dir, { run: T });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("buildLineageGraph on a hand-written run", () => {
  it("needs --run for a run without a summary, and says so", async () => {
    await expect(buildLineageGraph(dir)).rejects.toThrow(/no complete extraction run/);
    await expect(buildLineageGraph(dir)).rejects.toMatchObject({ suggestions: [expect.stringContaining(`\`run\` ${T}`)] });
    await expect(buildLineageGraph(dir, { run: 42 })).rejects.toThrow(/no run 42/);
    expect(graph.run.complete).toBe(false);
    expect(graph.notes[0]).toContain("has no summary");
  });

  it("degrades with notes instead of failing", () => {
    const notes = graph.notes.join("\n");
    expect(notes).toContain("no pages file");
    expect(notes).toContain("1 source id(s) match nothing");
    expect(notes).toContain("1 source(s) of type csv-upload are not modelled");
    expect(notes).toContain("1 element link(s) to a data model are document-level");
    expect(graph.nodes.find((n) => n.kind === "unresolved")?.sigmaId).toBe("mystery9");
    // Pages named by id; the model named from the lineage entry, its elements by id.
    expect(graph.nodes.find((n) => n.id === `page:${WB}/p1`)?.name).toBe("p1");
    expect(graph.nodes.find((n) => n.id === `datamodel:${DM}`)?.name).toBe("Sales Model");
  });

  it("ties custom SQL to its connection's tables, inferring the ones no source lists", () => {
    const up = lineageOf(graph, `element:${WB}/e2`, "upstream").nodes.filter((n) => n.kind === "table");
    expect(up.map((n) => [n.id, n.inferred === true])).toEqual([
      [`table:${CONN}/DW.RAW.EVENTS`, true],
      [`table:${CONN}/DW.SALES.ORDERS`, false],
      [`table:${CONN}/DW.STAGE.ORDERS`, true],
      [`table:${CONN}/dw.sales.items`, true],
    ]);
    const down = lineageOf(graph, findNode(graph, "dw.sales.orders").id, "downstream");
    expect(down.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([`element:${WB}/e1`, `element:${WB}/e2`, `workbook:${WB}`]));
  });

  it("matches nodes, and explains misses and ambiguity", () => {
    expect(findNode(graph, "sales, \"q1\" <draft>/p1/orders\nby month").id).toBe(`element:${WB}/e1`);
    expect(findNode(graph, 'Sales, "Q1" <draft> / From SQL').id).toBe(`element:${WB}/e2`);
    expect(findNode(graph, "events").id).toBe(`table:${CONN}/DW.RAW.EVENTS`);
    const miss = (() => {
      try {
        findNode(graph, "Model veiw");
      } catch (err) {
        return err;
      }
    })();
    expect(miss).toBeInstanceOf(UserError);
    expect((miss as UserError).suggestions[0]).toContain(`element:${WB}/e3`);
    expect(() => findNode(graph, "p1")).not.toThrow();
    expect(() => findNode(graph, "orders")).toThrow(/matches 2 nodes/);
    expect(() => findNode(graph, "table:orders")).toThrow(/matches 2 nodes/);
    expect(findNode(graph, "table:sales.orders").id).toBe(`table:${CONN}/DW.SALES.ORDERS`);
    expect(() => findNode(graph, "workbook:orders")).toThrow(/no node named/);
  });

  it("escapes quotes, commas, angle brackets and line breaks in every format", () => {
    const view = wholeGraph(graph);
    const dot = parseDot(renderLineage(view, "dot"));
    expect(dot.nodes.get(`workbook:${WB}`)!.label).toBe('Sales, "Q1" <draft>\n(workbook)');
    const m = checkMermaid(renderLineage(view, "mermaid"));
    expect([...m.nodes.values()]).toContain("Sales, #quot;Q1#quot; #lt;draft#gt;");
    const rows = parseCsv(renderLineage(view, "csv"));
    expect(rows.some((r) => r[5] === 'Sales, "Q1" <draft>')).toBe(true);
    expect(rows.some((r) => r[2]!.includes("Orders\nby month"))).toBe(true);
    expect(renderLineage(view, "tree")).toContain("┄ document-level link");
  });
});
