/**
 * Human tables of the summaries: borderless, and no wider than the terminal's 80 columns. Ids
 * that do not fit are cut in the middle (`2opi6V…00US50`: both ends stay recognisable); the
 * full ids are in the --json document. Loaded only by the commands that print tables.
 */
import pc from "picocolors";
import Table from "cli-table3";
import type { Colors } from "./output.js";

/** The width summary tables fit into. */
export const TABLE_WIDTH = 80;

// Colour codes take no room on screen.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible length of a possibly coloured string. */
export function visibleLength(text: string): number {
  return text.replace(ANSI, "").length;
}

/** Cuts `text` to `width` characters by replacing its middle with an ellipsis. */
export function middleTruncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return "…".slice(0, width);
  const left = Math.ceil((width - 1) / 2);
  return `${text.slice(0, left)}…${text.slice(text.length - (width - 1 - left))}`;
}

/** Cuts `text` to `width` characters at its end. */
function endTruncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Total width to fit (default 80). */
  width?: number | undefined;
  /** How each column is cut when the table is too wide: "middle" (ids), "end" (names) or "never" (default "end"). */
  cut?: Array<"middle" | "end" | "never"> | undefined;
}

/** Renders rows as a borderless human table fitting `width` columns; null/undefined shown as "-". */
export function renderTable(head: string[], rows: unknown[][], colors: Colors = pc.createColors(false), opts: TableOptions = {}): string {
  const cells = rows.map((r) => r.map(cell));
  const fitted = fitColumns(head, cells, opts.width ?? TABLE_WIDTH, opts.cut ?? []);
  const table = new Table({
    head: head.map((h) => colors.bold(h)),
    style: { head: [], border: [], "padding-left": 0, "padding-right": 2 },
    chars: {
      top: "", "top-mid": "", "top-left": "", "top-right": "",
      bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
      left: "", "left-mid": "", mid: "", "mid-mid": "",
      right: "", "right-mid": "", middle: "",
    },
  });
  for (const row of fitted) table.push(row);
  // cli-table3 pads the last column too; trailing spaces only make diffs and copy-paste worse.
  return table.toString().split("\n").map((l) => l.trimEnd()).join("\n") + "\n";
}

/** Shrinks the widest cuttable column, one character at a time, until the table fits. */
function fitColumns(head: string[], rows: string[][], width: number, cut: Array<"middle" | "end" | "never">): string[][] {
  const n = head.length;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ""))));
  // Two spaces of padding after every column but the last.
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (n - 1);
  const minOf = (i: number) => Math.max(head[i]?.length ?? 0, 6);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < n; i++) {
      if ((cut[i] ?? "end") === "never" || (widths[i] ?? 0) <= minOf(i)) continue;
      if (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return rows.map((r) =>
    r.map((c, i) => {
      const w = widths[i] ?? c.length;
      // A coloured cell (a status word) is never cut: its colour codes would be.
      if (visibleLength(c) <= w || c !== c.replace(ANSI, "")) return c;
      return cut[i] === "middle" ? middleTruncate(c, w) : endTruncate(c, w);
    }),
  );
}

/** Renders `label: value` pairs aligned, one per line (for single objects such as whoami). */
export function renderPairs(pairs: Array<[string, unknown]>, colors: Colors = pc.createColors(false)): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${colors.dim(k.padEnd(width))}  ${cell(v)}`).join("\n") + "\n";
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
