/**
 * The human format: an indented tree. A query prints the target, then what it feeds
 * (downstream) or what feeds it (upstream), level by level; the whole graph prints one tree
 * per root (nodes nothing feeds). A node reached again says "see above" instead of printing
 * its subtree twice, so the output stays linear in the graph's size. `┄` marks a
 * document-level link.
 */
import { KIND_NAMES } from "./model.js";
import type { LineageGraphNode, LineageView } from "./model.js";
import { adjacency, countByKind } from "./query.js";

/** Text styling (colours on a terminal); identity by default. */
export interface TreeStyle {
  dim(s: string): string;
  bold(s: string): string;
}

const PLAIN: TreeStyle = { dim: (s) => s, bold: (s) => s };


/** "3 tables, 1 workbook": the counts of a view by kind. */
export function countsText(view: LineageView): string {
  const parts = countByKind(view).map(([k, n]) => `${n} ${KIND_NAMES[k][n === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/** What a tree line shows of a node: its own name, and where it lives. */
function parts(n: LineageGraphNode): { name: string; context: string | undefined } {
  if (n.kind === "table") return { name: n.name, context: n.connection ?? n.connectionId };
  const segs = n.label.split(" / ");
  return { name: segs[segs.length - 1] ?? n.name, context: segs.length > 1 ? segs.slice(0, -1).join(" / ") : undefined };
}

function line(n: LineageGraphNode, style: TreeStyle): string {
  const { name, context } = parts(n);
  const kind = KIND_NAMES[n.kind][0];
  return `${name}  ${style.dim(`[${kind}${context !== undefined ? ` · ${context}` : ""}]`)}`;
}

/** Renders `view` as an indented tree (see the module comment). */
export function renderTree(view: LineageView, style: TreeStyle = PLAIN): string {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const q = view.query;
  const direction = q?.direction ?? "downstream";
  const next = adjacency(view, direction);
  const docLevel = new Set(view.edges.filter((e) => e.level === "document").map((e) => (direction === "downstream" ? `${e.from}>${e.to}` : `${e.to}>${e.from}`)));
  const printed = new Set<string>();
  const out: string[] = [];
  let usedDocLevel = false;

  // Iterative depth-first walk (deep graphs must not overflow the stack).
  const walk = (root: string) => {
    out.push(line(byId.get(root)!, style));
    printed.add(root);
    const stack: Array<{ id: string; prefix: string; children: string[]; i: number }> = [
      { id: root, prefix: "", children: next.get(root) ?? [], i: 0 },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.children.length) {
        stack.pop();
        continue;
      }
      const child = top.children[top.i++]!;
      const last = top.i === top.children.length;
      const doc = docLevel.has(`${top.id}>${child}`);
      usedDocLevel ||= doc;
      const branch = `${last ? "└" : "├"}${doc ? "┄" : "─"} `;
      const again = printed.has(child);
      out.push(`${top.prefix}${style.dim(branch)}${line(byId.get(child)!, style)}${again ? style.dim("  ↑ see above") : ""}`);
      if (again) continue;
      printed.add(child);
      stack.push({ id: child, prefix: `${top.prefix}${style.dim(last ? "   " : "│  ")}`, children: next.get(child) ?? [], i: 0 });
    }
  };

  if (q !== undefined) {
    const target = byId.get(q.target)!;
    const depth = q.maxDepth === null ? "" : ` (depth ≤ ${q.maxDepth})`;
    out.push(style.bold(`${q.direction} of ${target.label}${depth}`), "");
    walk(q.target);
    out.push("", `${q.direction === "downstream" ? "impact" : "sources"}: ${countsText(view)}`);
  } else {
    const fed = new Set(view.edges.map((e) => e.to));
    for (const n of view.nodes) if (!fed.has(n.id)) walk(n.id);
    // Nodes only reachable through a cycle (none in Sigma's lineage, but never drop a node).
    for (const n of view.nodes) if (!printed.has(n.id)) walk(n.id);
    out.push("", `${view.nodes.length} nodes, ${view.edges.length} edges: ${countsText(view)}`);
  }
  if (usedDocLevel) out.push(style.dim("┄ document-level link (the files do not say which element)"));
  return `${out.join("\n")}\n`;
}
