/**
 * `buildLineageGraph(dir)`: the lineage graph of one extraction run, offline. Reads the run's
 * files (see load.ts), resolves every reference through one catalog, wires data models,
 * datasets, workbooks and custom SQL, and explains in `notes` whatever made it coarser.
 */
import { Catalog } from "./catalog.js";
import { GraphBuilder } from "./graph-builder.js";
import { loadExtraction } from "./load.js";
import type { Extraction, LineageAsset } from "./load.js";
import type { LineageGraph } from "./model.js";
import { locateRun } from "./run-files.js";
import { WireContext } from "./wire-context.js";
import { wireDataModels, wireWorkbooks } from "./wire-documents.js";
import { wireCustomSql, wireDatasets } from "./wire-sql-datasets.js";

/** Options of {@link buildLineageGraph}. */
export interface BuildLineageOptions {
  /** The run's timestamp (default: the newest run of the directory that has a summary). */
  run?: number | undefined;
}

// What each missing file costs, in the user's terms.
const MISSING: Partial<Record<LineageAsset, string>> = {
  workbooks: "no workbooks file: workbooks are named by id",
  workbook_sources: "no workbook_sources file: what workbooks read comes from lineage entries only",
  lineage: "no lineage file: workbook lineage is document-level (from workbook_sources); extract with the default assets for element-level lineage",
  elements: "no elements file: workbook elements are named by id and not placed on pages",
  pages: "no pages file: pages are named by id",
  datamodels: "no datamodels file: data models are named by id",
  datamodel_sources: "no datamodel_sources file: what data models read comes from lineage entries only",
  datamodel_lineage: "no datamodel_lineage file: data-model lineage is document-level (from datamodel_sources)",
  datamodel_elements: "no datamodel_elements file: data-model elements are named by id",
  datasets: "no datasets file: datasets are named by id",
  dataset_sources: "no dataset_sources file: what datasets read is unknown",
  connections: "no connections file: tables are shown with their connection id",
};

function notesFor(x: Extraction, ctx: WireContext): string[] {
  const notes: string[] = [];
  const run = x.run;
  if (!run.hasSummary) notes.push(`run ${run.ts} has no summary (interrupted or still running): its files may be incomplete`);
  else if (run.errorCount > 0) notes.push(`run ${run.ts} skipped ${run.errorCount} part(s) (see its summary): their lineage is missing`);
  // Only mention what the run lacks when it has other assets of the same family.
  const hasWorkbooks = x.workbooks.length > 0 || x.sources.workbook.size > 0;
  const hasModels = x.dataModels.length > 0 || x.sources.datamodel.size > 0;
  for (const [asset, text] of Object.entries(MISSING) as Array<[LineageAsset, string]>) {
    if (!x.missing.has(asset)) continue;
    const family = asset.startsWith("datamodel") ? hasModels : asset.startsWith("dataset") ? x.datasets.length > 0 : asset === "connections" ? true : hasWorkbooks;
    if (family) notes.push(text);
  }
  const s = ctx.stats;
  if (s.dataModelDocLinks > 0) {
    const how = x.missing.has("lineages") ? "extract the `lineages` asset too for element precision" : "their element-lineage graphs do not say";
    notes.push(`${s.dataModelDocLinks} element link(s) to a data model are document-level: which of its elements is read is unknown (${how})`);
  }
  if (s.unresolved > 0) notes.push(`${s.unresolved} source id(s) match nothing in the run: shown as unresolved nodes`);
  if (s.sqlUnmatched > 0) notes.push(`${s.sqlUnmatched} table name(s) in custom SQL match no known table of their connection: not linked`);
  for (const [type, n] of [...s.unsupported].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    notes.push(`${n} source(s) of type ${type} are not modelled: left out`);
  }
  return notes;
}

/** Builds the lineage graph of the run in `dir` (see the module comment). */
export async function buildLineageGraph(dir: string, options: BuildLineageOptions = {}): Promise<LineageGraph> {
  const run = await locateRun(dir, options.run);
  return graphOfExtraction(await loadExtraction(run));
}

/** Wires the graph of rows already read (an extraction run, or the live source's answers). */
export function graphOfExtraction(x: Extraction): LineageGraph {
  const run = x.run;
  const ctx = new WireContext(new GraphBuilder(), new Catalog(x), x);
  wireDataModels(ctx);
  wireDatasets(ctx);
  wireWorkbooks(ctx);
  wireCustomSql(ctx);
  return ctx.graph.finish({ ts: run.ts, format: run.format, complete: run.complete }, notesFor(x, ctx));
}
