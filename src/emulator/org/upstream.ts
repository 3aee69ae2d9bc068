/**
 * What a data element reads from ("upstream") and the data elements themselves, shared by data
 * models and workbooks. Columns, SQL, lineage and sources are all derived from these records,
 * which is what keeps them consistent with each other.
 */
import type { ConnectionDoc as Connection, DataModelColumnDoc as DataModelColumn, ElementDoc as Element, ElementColumnDoc as ElementColumn } from "../../schemas/index.js";
import type { ColumnDef, TableInfo } from "./connections.js";
import { friendlyLabel } from "./names.js";
import type { DataModelRecord, DatasetRecord, ReadRef } from "./types.js";

/** A dataset as downstream generators see it. */
export interface DatasetInfo {
  rec: DatasetRecord;
  /** The dataset's inode (last segment of its url; `inode-<urlId>` in lineage). */
  urlId: string;
  name: string;
  /** What it is about ("Orders"), used to name elements built on it. */
  topic: string;
  connection: Connection;
  columns: ColumnDef[];
  /** SQL FROM clause reading the dataset's root tables. */
  from: string;
}

/** A data model as downstream generators see it. */
export interface DataModelInfo {
  rec: DataModelRecord;
  urlId: string;
  name: string;
  elements: DataNode[];
}

/** Where a data element's rows come from. */
export type Upstream =
  | { kind: "table"; table: TableInfo }
  | { kind: "dataset"; dataset: DatasetInfo }
  | { kind: "data-model"; dm: DataModelInfo; element: DataNode }
  | { kind: "custom-sql"; connectionId: string; definition: string; columns: ColumnDef[]; nodeId: string; customSqlId: string; topic: string; tables: TableInfo[] }
  | { kind: "join"; left: TableInfo; right: TableInfo; key: string; nodeId: string }
  | { kind: "union"; tables: TableInfo[]; nodeId: string }
  | { kind: "element"; parent: DataNode };

/** A lineage graph node object (shared between graphs, so a rename shows everywhere). */
export type GraphNode = {
  nodeId: string;
  type: string;
  /** Absent on the sigma scheme's join nodes. */
  name?: string;
  elementId?: string;
};

/** A data element of a data model or workbook, with everything derived from its upstream. */
export interface DataNode {
  elementId: string;
  name: string;
  type: string;
  /** What it is about ("Orders"), inherited from its upstream. */
  topic: string;
  upstream: Upstream;
  /** Output columns as downstream elements see them. */
  columns: ColumnDef[];
  /** SQL FROM clause of the root relation (shared string, never nested deeper). */
  from: string;
  /** How many element hops to a document or table (bounds lineage graph size). */
  depth: number;
  /** The element's "sheet" node in lineage graphs; its nodeId is also the materialization sheetId. */
  sheet: GraphNode;
  element: Element;
  columnRecords: ElementColumn[];
  /** Flat-column form (workbook or data-model `/columns`). */
  flatColumns: DataModelColumn[];
}

// A join offers the left table's columns, then the right table's columns not already there.
const joinCache = new WeakMap<object, { columns: ColumnDef[]; right: number[] }>();
function joinColumns(up: Extract<Upstream, { kind: "join" }>): { columns: ColumnDef[]; right: number[] } {
  let j = joinCache.get(up);
  if (j) return j;
  const seen = new Set(up.left.columns.map((c) => c.label));
  const columns = up.left.columns.slice();
  const right: number[] = [];
  up.right.columns.forEach((col, i) => {
    if (seen.has(col.label)) return;
    columns.push({ label: col.label, kind: col.kind, sql: `r1.${up.right.columnNames[i]}` });
    right.push(i);
  });
  joinCache.set(up, (j = { columns, right }));
  return j;
}

/** The columns an upstream offers to the elements built on it. */
export function offeredColumns(up: Upstream): ColumnDef[] {
  switch (up.kind) {
    case "table":
      return up.table.columns;
    case "dataset":
      return up.dataset.columns;
    case "data-model":
      return up.element.columns;
    case "element":
      return up.parent.columns;
    case "custom-sql":
      return up.columns;
    case "union":
      return up.tables[0]!.columns;
    case "join":
      return joinColumns(up).columns;
  }
}

/**
 * Id and formula of the pass-through column for offered column `i`: warehouse and dataset
 * columns keep an `inode-<id>/<column>` id; others get a fresh short id (`null` here).
 */
export function passThrough(up: Upstream, i: number): { id: string | null; formula: string } {
  switch (up.kind) {
    case "table":
      return { id: `inode-${up.table.rec.inodeId}/${up.table.columnNames[i]}`, formula: `[${up.table.name}/${up.table.columns[i]!.label}]` };
    case "dataset": {
      const label = up.dataset.columns[i]!.label;
      return { id: `inode-${up.dataset.urlId}/${label}`, formula: `[${up.dataset.name}/${label}]` };
    }
    case "data-model":
      return { id: null, formula: `[${up.element.name}/${up.element.columns[i]!.label}]` };
    case "element":
      return { id: null, formula: `[${up.parent.name}/${up.parent.columns[i]!.label}]` };
    case "custom-sql":
      return { id: null, formula: `[Custom SQL/${up.columns[i]!.label}]` };
    case "union":
      return { id: null, formula: `[Union/${up.tables[0]!.columns[i]!.label}]` };
    case "join": {
      const left = up.left.columns.length;
      if (i < left) return passThrough({ kind: "table", table: up.left }, i);
      const r = joinColumns(up).right[i - left]!;
      return { id: `inode-${up.right.rec.inodeId}/${up.right.columnNames[r]}`, formula: `[${up.right.name}/${up.right.columns[r]!.label}]` };
    }
  }
}

/** The SQL FROM clause for an upstream. */
export function fromClause(up: Upstream): string {
  switch (up.kind) {
    case "table":
      return `${up.table.qualified} q1`;
    case "dataset":
      return up.dataset.from;
    case "data-model":
      return up.element.from;
    case "element":
      return up.parent.from;
    case "custom-sql":
      return `(${up.definition}) q1`;
    case "union":
      return `(${up.tables.map((t) => `select * from ${t.qualified}`).join(" union all ")}) q1`;
    case "join":
      return `${up.left.qualified} q1 left join ${up.right.qualified} r1 on q1.${up.key} = r1.${up.key}`;
  }
}

/** What an upstream is about, for naming the elements built on it. */
export function topicOf(up: Upstream): string {
  switch (up.kind) {
    case "table":
      return friendlyLabel(up.table.template);
    case "join":
      return friendlyLabel(up.left.template);
    case "union":
      return friendlyLabel(up.tables[0]!.template);
    case "custom-sql":
      return up.topic;
    case "dataset":
      return up.dataset.topic;
    case "data-model":
      return up.element.topic;
    case "element":
      return up.parent.topic;
  }
}

/** Element hops from this upstream to a table or document. */
export function upstreamDepth(up: Upstream): number {
  return up.kind === "element" ? up.parent.depth + 1 : 0;
}

/** What an element reads directly, as plain references (the truth's read graph). */
export function readsOf(up: Upstream): ReadRef[] {
  const table = (t: TableInfo): ReadRef => ({ table: t.rec.inodeId });
  switch (up.kind) {
    case "table":
      return [table(up.table)];
    case "join":
      return [table(up.left), table(up.right)];
    case "union":
      return up.tables.map(table);
    case "custom-sql":
      return up.tables.map(table);
    case "dataset":
      return [{ dataset: up.dataset.rec.dataset.datasetId }];
    case "data-model":
      return [{ dataModel: up.dm.rec.dataModel.dataModelId, elementId: up.element.elementId }];
    case "element":
      return [{ element: up.parent.elementId }];
  }
}

/** `readsOf` for every element of a document, keyed by elementId. */
export function readsByElement(nodes: readonly DataNode[]): Record<string, ReadRef[]> {
  return Object.fromEntries(nodes.map((n) => [n.elementId, readsOf(n.upstream)]));
}
