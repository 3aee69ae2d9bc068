/**
 * The Graphviz format: `digraph lineage { ... }`, left to right, one shape per kind, dashed
 * edges for document-level links, the target of a query drawn bold. Render with
 * `dot -Tsvg lineage.dot > lineage.svg`.
 */
import { KIND_NAMES } from "./model.js";
import type { LineageView, NodeKind } from "./model.js";

const SHAPES: Record<NodeKind, string> = {
  table: "cylinder",
  "custom-sql": "note",
  dataset: "cylinder",
  datamodel: "box3d",
  "datamodel-element": "box",
  workbook: "folder",
  page: "tab",
  element: "box",
  unresolved: "octagon",
};

const FILL: Record<NodeKind, string> = {
  table: "#dbe9f6",
  "custom-sql": "#fdf1d6",
  dataset: "#e3f1df",
  datamodel: "#eadff3",
  "datamodel-element": "#f3ecf8",
  workbook: "#fde3d9",
  page: "#fdeee8",
  element: "#ffffff",
  unresolved: "#eeeeee",
};

/** A DOT double-quoted string. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

/** Renders `view` as a Graphviz digraph. */
export function renderDot(view: LineageView): string {
  const out = [
    "digraph lineage {",
    "  rankdir=LR;",
    '  node [style="filled", fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555"];',
  ];
  const target = view.query?.target;
  for (const n of view.nodes) {
    const attrs = [`label=${dotString(`${n.label}\n(${KIND_NAMES[n.kind][0]})`)}`, `shape=${SHAPES[n.kind]}`, `fillcolor=${dotString(FILL[n.kind])}`];
    if (n.id === target) attrs.push("penwidth=3");
    if (n.inferred) attrs.push('color="#999999"');
    out.push(`  ${dotString(n.id)} [${attrs.join(", ")}];`);
  }
  for (const e of view.edges) {
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${e.level === "document" ? " [style=dashed]" : ""};`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
