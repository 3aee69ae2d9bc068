/**
 * The Mermaid format: a `flowchart LR` that GitHub, GitLab and most wikis draw inline. Node ids
 * are `n<index>` in graph order (Mermaid ids cannot hold the graph's `:` and `/`), one shape
 * and class per kind, dotted arrows for document-level links.
 */
import type { LineageView, NodeKind } from "./model.js";

// [open, close] around the quoted label.
const SHAPES: Record<NodeKind, [string, string]> = {
  table: ["[(", ")]"],
  "custom-sql": ["[/", "/]"],
  dataset: ["[(", ")]"],
  datamodel: ["[[", "]]"],
  "datamodel-element": ["[", "]"],
  workbook: ["{{", "}}"],
  page: ["(", ")"],
  element: ["[", "]"],
  unresolved: [">", "]"],
};

const CLASSES: Record<NodeKind, string> = {
  table: "fill:#dbe9f6,stroke:#4a7fb0",
  "custom-sql": "fill:#fdf1d6,stroke:#b08a2e",
  dataset: "fill:#e3f1df,stroke:#5a8f4e",
  datamodel: "fill:#eadff3,stroke:#7a55a0",
  "datamodel-element": "fill:#f3ecf8,stroke:#7a55a0",
  workbook: "fill:#fde3d9,stroke:#b0603a",
  page: "fill:#fdeee8,stroke:#b0603a",
  element: "fill:#ffffff,stroke:#888888",
  unresolved: "fill:#eeeeee,stroke:#999999",
};

/** A Mermaid quoted label: quotes, angle brackets and backticks as entity codes. */
export function mermaidLabel(s: string): string {
  const text = s.replace(/\s+/g, " ").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/`/g, "#96;");
  return `"${text}"`;
}

const className = (k: NodeKind) => `k_${k.replace(/-/g, "_")}`;

/** Renders `view` as a Mermaid flowchart. */
export function renderMermaid(view: LineageView): string {
  const ids = new Map(view.nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ["flowchart LR"];
  const used = new Set<NodeKind>();
  for (const n of view.nodes) {
    const [open, close] = SHAPES[n.kind];
    out.push(`  ${ids.get(n.id)}${open}${mermaidLabel(n.label)}${close}`);
    used.add(n.kind);
  }
  for (const e of view.edges) out.push(`  ${ids.get(e.from)} ${e.level === "document" ? "-.->" : "-->"} ${ids.get(e.to)}`);
  for (const k of used) out.push(`  classDef ${className(k)} ${CLASSES[k]}`);
  for (const k of used) {
    const members = view.nodes.filter((n) => n.kind === k).map((n) => ids.get(n.id)!);
    out.push(`  class ${members.join(",")} ${className(k)}`);
  }
  if (view.query !== undefined) out.push(`  style ${ids.get(view.query.target)} stroke-width:3px`);
  return `${out.join("\n")}\n`;
}
