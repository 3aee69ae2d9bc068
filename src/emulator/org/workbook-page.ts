/**
 * The elements of one workbook page: data elements (table, pivot-table, visualization,
 * input-table) with columns, SQL and lineage, and UI elements (control, text, image) that
 * Sigma refuses lineage for.
 */
import type { GenContext } from "./context.js";
import { buildDataNode, renderQuery } from "./data-node.js";
import { elementGraph } from "./lineage.js";
import { ELEMENT_NAMES, type UniqueNamer, VIZ_TYPES } from "./names.js";
import type { Rng } from "./rng.js";
import { pickUpstream, type Catalog, type SourceKind } from "./source-picker.js";
import type { TableInfo } from "./connections.js";
import type { WorkbookElementRecord } from "./types.js";
import { topicOf, type DataNode, type Upstream } from "./upstream.js";

/** A planned element: its type and, for data elements, where it reads from ("element" = the previous data element). */
export type PlannedElement = readonly [type: string, source?: SourceKind | "element"];

/** Pages of the first workbook: every element type and every lineage node kind, in any org size. */
export const FORCED_PAGES: ReadonlyArray<readonly PlannedElement[]> = [
  [["table", "table"], ["visualization", "element"], ["pivot-table", "data-model"], ["input-table", "table"], ["control"], ["text"], ["image"]],
  [["table", "dataset"], ["table", "custom-sql"], ["visualization", "join"], ["table", "union"]],
];

const TYPES = ["table", "visualization", "pivot-table", "input-table", "control", "text", "image"];
const TYPE_WEIGHTS = [26, 30, 9, 4, 16, 10, 5];
const KINDS: SourceKind[] = ["table", "data-model", "dataset", "join", "custom-sql", "union"];
const KIND_WEIGHTS = [50, 20, 8, 9, 7, 6];

/** A workbook under construction. */
export interface PageState {
  ctx: GenContext;
  rng: Rng;
  cat: Catalog;
  /** The tables this workbook mostly reads (one connection). */
  palette: TableInfo[];
  /** Data elements so far, in creation order (parents must come first: no cycles). */
  nodes: DataNode[];
  /** Element names, unique within the workbook. */
  names: UniqueNamer;
  records: WorkbookElementRecord[];
}

/** Adds one page's elements to the workbook. */
export function buildPage(state: PageState, pageId: string, plan: readonly PlannedElement[] | undefined, first: boolean): void {
  const { rng, ctx } = state;
  const [lo, hi] = ctx.size.elementsPerPage;
  const count = plan ? plan.length : rng.int(lo, hi);
  for (let e = 0; e < count; e++) {
    const planned = plan?.[e];
    // A workbook opens with a table, so later elements have something to build on.
    const type = planned ? planned[0] : first && e === 0 ? "table" : rng.weighted(TYPES, TYPE_WEIGHTS);
    if (type === "control" || type === "text" || type === "image") {
      const elementId = ctx.ids.shortId();
      const name = state.names.name(rng.pick(ELEMENT_NAMES[type]));
      state.records.push({ element: { elementId, name, type }, pageId, columns: [], lineage: { error: 400 } });
      continue;
    }
    addDataElement(state, pageId, type, planned?.[1]);
  }
}

function addDataElement(state: PageState, pageId: string, type: string, planned: SourceKind | "element" | undefined): void {
  const { rng, ctx } = state;
  const parents = state.nodes.filter((n) => n.depth < 3);
  let up: Upstream;
  if (planned === "element" && parents.length > 0) up = { kind: "element", parent: parents[parents.length - 1]! };
  else if (!planned && parents.length > 0 && rng.chance(0.45)) up = { kind: "element", parent: rng.pick(parents) };
  else {
    const kind = planned && planned !== "element" ? planned : rng.weighted(KINDS, KIND_WEIGHTS);
    up = pickUpstream(rng, ctx.ids, state.cat, kind, rng.pick(state.palette));
  }
  const words = ELEMENT_NAMES[type as keyof typeof ELEMENT_NAMES];
  const name = state.names.name(`${topicOf(up)} ${rng.pick(words)}`);
  const viz = type === "table" ? "levelTable" : type === "visualization" ? rng.pick(VIZ_TYPES) : undefined;
  const built = buildDataNode({ rng, ids: ctx.ids, type, name, upstream: up, ...(viz ? { vizualizationType: viz } : {}) });
  state.nodes.push(built.node);
  // Draws in the generator's historical order (query, then the lineage chance): same org as before.
  const query = renderQuery(built, rng.uuid(), ctx.callerEmail);
  // Sigma's ordinary "no lineage" answer for a few data elements (never the planned ones).
  const noLineage = !planned && rng.chance(0.05);
  state.records.push({
    element: built.node.element,
    pageId,
    columns: built.node.columnRecords,
    query,
    lineage: noLineage ? { error: 500 } : elementGraph(built.node, "legacy"),
    ...(noLineage ? {} : { sigmaLineage: elementGraph(built.node, "sigma") }),
  });
}
