/**
 * Builds one data element (of a data model or a workbook) from its upstream: picks the
 * pass-through columns, adds calculated ones, and renders its SQL.
 */
import type { DataModelColumnDoc as DataModelColumn, ElementDoc as Element, ElementColumnDoc as ElementColumn, ElementQueryDoc as ElementQuery } from "../../schemas/index.js";
import type { ColumnDef } from "./connections.js";
import { TYPE_OBJECTS } from "./context.js";
import type { IdFactory, Rng } from "./rng.js";
import { fromClause, offeredColumns, passThrough, topicOf, upstreamDepth, type DataNode, type Upstream } from "./upstream.js";

/** Element types that carry data (the others are controls, text and images). */
export const DATA_ELEMENT_TYPES = ["table", "pivot-table", "visualization", "input-table"] as const;

// How many pass-through columns each element type keeps.
const WIDTH: Record<string, readonly [number, number]> = {
  table: [3, 8],
  "input-table": [3, 6],
  "pivot-table": [2, 4],
  visualization: [1, 3],
};

interface Calc {
  label: string;
  formula: string;
  sql: string;
  kind: ColumnDef["kind"];
  aggregate: boolean;
}

// A calculated column over one source column; aggregates for charts and pivots.
function calculated(rng: Rng, col: ColumnDef, aggregate: boolean): Calc {
  const l = col.label;
  if (aggregate) {
    if (col.kind === "number") {
      const fn = rng.pick(["Sum", "Avg", "Max"] as const);
      return { label: `${fn === "Avg" ? "Average" : fn} of ${l}`, formula: `${fn}([${l}])`, sql: `${fn.toLowerCase()}(${col.sql})`, kind: "number", aggregate };
    }
    return { label: `Count of ${l}`, formula: `CountDistinct([${l}])`, sql: `count(distinct ${col.sql})`, kind: "number", aggregate };
  }
  switch (col.kind) {
    case "number":
      return { label: `${l} (K)`, formula: `Round([${l}] / 1000, 1)`, sql: `round(${col.sql} / 1000, 1)`, kind: "number", aggregate };
    case "datetime":
      return { label: `Month of ${l}`, formula: `DateTrunc("month", [${l}])`, sql: `date_trunc('month', ${col.sql})`, kind: "datetime", aggregate };
    case "boolean":
      return { label: `${l} Flag`, formula: `If([${l}], 1, 0)`, sql: `case when ${col.sql} then 1 else 0 end`, kind: "number", aggregate };
    case "text":
      return { label: `${l} (Clean)`, formula: `Coalesce([${l}], "Unknown")`, sql: `coalesce(${col.sql}, 'Unknown')`, kind: "text", aggregate };
  }
}

/** The built element plus the pieces a workbook needs for its SQL. */
export interface BuiltNode {
  node: DataNode;
  /** Columns in SELECT order, and whether any aggregates (GROUP BY needed). */
  select: ColumnDef[];
  grouped: boolean;
}

/** Builds a data element reading from `upstream`. */
export function buildDataNode(args: {
  rng: Rng;
  ids: IdFactory;
  type: string;
  name: string;
  upstream: Upstream;
  vizualizationType?: string;
}): BuiltNode {
  const { rng, ids, type, name, upstream } = args;
  const elementId = ids.shortId();
  const avail = offeredColumns(upstream);
  const [lo, hi] = WIDTH[type] ?? [2, 5];
  const indexes = Array.from({ length: avail.length }, (_, i) => i);
  const picked = rng.sample(indexes, Math.max(1, Math.min(avail.length, rng.int(lo, hi)))).sort((a, b) => a - b);

  const labels = new Set<string>();
  const columns: ColumnDef[] = [];
  const records: ElementColumn[] = [];
  const flat: DataModelColumn[] = [];
  const add = (id: string, label: string, formula: string, col: ColumnDef) => {
    labels.add(label);
    columns.push(col);
    const typeObj = TYPE_OBJECTS[col.kind];
    records.push({ columnId: id, label, formula, type: typeObj });
    flat.push({ columnId: id, name: label, formula, type: typeObj, elementId });
  };
  for (const i of picked) {
    const p = passThrough(upstream, i);
    const col = avail[i]!;
    add(p.id ?? ids.shortId(), col.label, p.formula, col);
  }

  // Charts and pivots aggregate a measure; tables sometimes get a row-level calculation.
  const aggregate = type === "visualization" || type === "pivot-table";
  const calcCount = aggregate ? 1 + (rng.chance(0.3) ? 1 : 0) : rng.chance(0.45) ? rng.int(1, 2) : 0;
  let grouped = false;
  for (let i = 0; i < calcCount; i++) {
    const base = rng.pick(avail);
    const c = calculated(rng, base, aggregate);
    if (labels.has(c.label)) continue;
    grouped ||= c.aggregate;
    add(ids.shortId(), c.label, c.formula, { label: c.label, kind: c.kind, sql: c.sql });
  }

  const element: Element = { elementId, name, type, columns: columns.map((c) => c.label) };
  if (args.vizualizationType !== undefined) element.vizualizationType = args.vizualizationType;
  const node: DataNode = {
    elementId,
    name,
    type,
    topic: topicOf(upstream),
    upstream,
    columns,
    from: fromClause(upstream),
    depth: upstreamDepth(upstream),
    sheet: { nodeId: ids.shortId(), type: "sheet", name, elementId },
    element,
    columnRecords: records,
    flatColumns: flat,
  };
  return { node, select: columns, grouped };
}

/** The element's SQL as Sigma compiles it, ending with Sigma's request comment. */
export function renderQuery(built: BuiltNode, requestId: string, email: string): ElementQuery {
  const { node, select, grouped } = built;
  const list = select.map((c) => `${c.sql} as "${c.label.replace(/"/g, '""')}"`).join(",\n  ");
  const keys = select.map((c, i) => (/^(sum|avg|max|count)\(/.test(c.sql) ? 0 : i + 1)).filter((i) => i > 0);
  const group = grouped && keys.length > 0 ? `\ngroup by ${keys.join(", ")}` : "";
  const sql = `select\n  ${list}\nfrom ${node.from}${group}\nlimit 25000\n\n-- Sigma Σ {"request-id":"${requestId}","email":"${email}"}`;
  return { elementId: node.elementId, name: node.name, sql };
}
