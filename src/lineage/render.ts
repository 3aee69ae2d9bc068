/** One entry point for every output format of a lineage view. */
import { UserError } from "../errors.js";
import type { LineageView } from "./model.js";
import { renderCsv } from "./render-csv.js";
import { renderDot } from "./render-dot.js";
import { renderHtml } from "./render-html.js";
import { renderJson } from "./render-json.js";
import { renderMermaid } from "./render-mermaid.js";
import { renderTree } from "./render-tree.js";
import type { TreeStyle } from "./render-tree.js";

/** Output formats of `sigmactl lineage`. */
export const LINEAGE_FORMATS = ["tree", "json", "dot", "mermaid", "csv", "html"] as const;

/** One of {@link LINEAGE_FORMATS}. */
export type LineageFormat = (typeof LINEAGE_FORMATS)[number];

const BY_EXTENSION: Record<string, LineageFormat> = {
  ".json": "json",
  ".dot": "dot",
  ".gv": "dot",
  ".mmd": "mermaid",
  ".mermaid": "mermaid",
  ".csv": "csv",
  ".txt": "tree",
  ".html": "html",
  ".htm": "html",
};

/** The format a file name's extension implies, if any (`impact.dot` → dot). */
export function formatForFile(file: string): LineageFormat | undefined {
  const m = /\.[A-Za-z]+$/.exec(file);
  return m ? BY_EXTENSION[m[0].toLowerCase()] : undefined;
}

/** Parses a format name. @throws UserError for an unknown one */
export function parseFormat(name: string): LineageFormat {
  if ((LINEAGE_FORMATS as readonly string[]).includes(name)) return name as LineageFormat;
  throw new UserError(`unknown lineage format "${name}"`, { suggestions: [`choose from: ${LINEAGE_FORMATS.join(", ")}`] });
}

/** Renders `view` in `format` (tree styling only applies to `tree`). */
export function renderLineage(view: LineageView, format: LineageFormat, style?: TreeStyle): string {
  switch (format) {
    case "tree":
      return renderTree(view, style);
    case "json":
      return renderJson(view);
    case "dot":
      return renderDot(view);
    case "mermaid":
      return renderMermaid(view);
    case "csv":
      return renderCsv(view);
    case "html":
      return renderHtml(view);
  }
}
