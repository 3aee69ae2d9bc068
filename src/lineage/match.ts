/**
 * Finds the node a user means. In order, the first rule that matches anything wins: the node
 * id; Sigma's own id or url id; a table's `DB.SCHEMA.TABLE` (or `connection/DB.SCHEMA.TABLE`,
 * `SCHEMA.TABLE`, `TABLE`) or a node's label (`Workbook / Page / Element`); then its name.
 * Text rules ignore case. A `kind:` prefix (`workbook:Usage Dashboard`, `table:ORDERS`)
 * narrows to one kind. A miss suggests the closest names; several matches list them.
 */
import { UserError } from "../errors.js";
import { closestMatches } from "../shared/closest.js";
import { NODE_KINDS } from "./model.js";
import type { LineageGraph, LineageGraphNode, NodeKind } from "./model.js";

const MAX_LISTED = 8;

/** `label  (id)`: how a node is named in messages. */
export function describeNode(n: LineageGraphNode): string {
  return `${n.label}  (${n.id})`;
}

const norm = (s: string) => s.replace(/\s*\/\s*/g, "/").trim().toLowerCase();

// The text forms a node answers to under the label rule.
function labels(n: LineageGraphNode): string[] {
  const out = [n.label];
  if (n.kind === "table") {
    out.push(n.name);
    if (n.connectionId !== undefined) out.push(`${n.connectionId}/${n.name}`);
    // `SCHEMA.TABLE` and `TABLE` alone.
    if (n.path !== undefined && n.path.length > 1) out.push(n.path.slice(-2).join("."), n.path[n.path.length - 1]!);
  }
  // `Workbook / Element` without the page.
  const parts = n.label.split(" / ");
  if (n.kind === "element" && parts.length === 3) out.push(`${parts[0]}/${parts[2]}`);
  return out.map(norm);
}

type Rule = (n: LineageGraphNode, q: string, lower: string) => boolean;

const RULES: Rule[] = [
  (n, q) => n.id === q,
  (n, q) => n.sigmaId === q || n.urlId === q,
  (n, _q, lower) => labels(n).includes(norm(lower)),
  (n, _q, lower) => n.name.toLowerCase() === lower.trim(),
];

/** Splits an optional `kind:` prefix off the query (only when the rest is not an exact id). */
function splitKind(graph: LineageGraph, query: string): { kind?: NodeKind; text: string } {
  const m = /^([a-z-]+):(.+)$/.exec(query.trim());
  if (m && (NODE_KINDS as readonly string[]).includes(m[1]!) && !graph.nodes.some((n) => n.id === query.trim())) {
    return { kind: m[1] as NodeKind, text: m[2]!.trim() };
  }
  return { text: query.trim() };
}

/** Every node matching `query` under the first rule that matches any (see the module comment). */
export function matchNodes(graph: LineageGraph, query: string): LineageGraphNode[] {
  const { kind, text } = splitKind(graph, query);
  const pool = kind === undefined ? graph.nodes : graph.nodes.filter((n) => n.kind === kind);
  const lower = text.toLowerCase();
  for (const rule of RULES) {
    const hits = pool.filter((n) => rule(n, text, lower));
    if (hits.length > 0) return hits;
  }
  return [];
}

/**
 * The one node `query` names.
 * @throws UserError when nothing matches (with the closest names) or several do (listing them)
 */
export function findNode(graph: LineageGraph, query: string): LineageGraphNode {
  if (query.trim() === "") throw new UserError("empty node name: pass a table (DB.SCHEMA.TABLE), a document or an element");
  const hits = matchNodes(graph, query);
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    const listed = hits.slice(0, MAX_LISTED).map((n) => `  ${describeNode(n)}`);
    const more = hits.length > MAX_LISTED ? [`  ... and ${hits.length - MAX_LISTED} more`] : [];
    throw new UserError(`"${query}" matches ${hits.length} nodes: pass one of their ids (or a more specific name)`, {
      suggestions: [...listed, ...more],
    });
  }
  const { kind, text } = splitKind(graph, query);
  const pool = kind === undefined ? graph.nodes : graph.nodes.filter((n) => n.kind === kind);
  // Suggest by name and by label; a node appears once.
  const forms = pool.flatMap((n) => [...new Set([n.name, n.label])].map((t) => ({ n, t })));
  const close = closestMatches(text, forms, (f) => f.t, 20);
  const seen = new Set<string>();
  const suggestions: string[] = [];
  for (const { n } of close) {
    if (seen.has(n.id) || suggestions.length >= 5) continue;
    seen.add(n.id);
    suggestions.push(`did you mean ${describeNode(n)}?`);
  }
  if (suggestions.length === 0) suggestions.push("match by id, DB.SCHEMA.TABLE, label or name (the json rendering lists every node)");
  throw new UserError(`no node named "${query}" in the lineage graph`, { suggestions });
}
