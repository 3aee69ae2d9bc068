/**
 * The CSV format: one row per edge (`from,from_kind,from_label,to,to_kind,to_label,level,basis`),
 * RFC 4180 quoting, LF line ends. Nodes without edges do not appear: use JSON for those.
 */
import type { LineageView } from "./model.js";

/** The header row. */
export const CSV_HEADER = ["from", "from_kind", "from_label", "to", "to_kind", "to_label", "level", "basis"] as const;

/** Quotes a field when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Renders the edges of `view` as CSV. */
export function renderCsv(view: LineageView): string {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const rows = [CSV_HEADER.join(",")];
  for (const e of view.edges) {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    rows.push([a.id, a.kind, a.label, b.id, b.kind, b.label, e.level, e.basis].map(csvField).join(","));
  }
  return `${rows.join("\n")}\n`;
}
