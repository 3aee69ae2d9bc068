/**
 * Reads the files of one extraction run that lineage needs, grouped by document. Files the run
 * lacks are recorded (the builder then falls back to coarser lineage and says so); the `columns`
 * files, by far the largest, are never read.
 */
import type { ExtractionRun, Row } from "./run-files.js";
import { readAsset, str } from "./run-files.js";

/** The assets lineage reads, in reading order. */
export const LINEAGE_ASSETS = [
  "connections",
  "datamodels",
  "datasets",
  "workbooks",
  "datamodel_sources",
  "dataset_sources",
  "workbook_sources",
  "datamodel_elements",
  "datamodel_lineage",
  "pages",
  "elements",
  "lineage",
  "lineages",
  "files",
] as const;

/** One of {@link LINEAGE_ASSETS}. */
export type LineageAsset = (typeof LINEAGE_ASSETS)[number];

/** The rows of a run, by asset and document. */
export interface Extraction {
  run: ExtractionRun;
  /** Assets of LINEAGE_ASSETS the run has no file for. */
  missing: Set<LineageAsset>;
  connections: Row[];
  dataModels: Row[];
  datasets: Row[];
  workbooks: Row[];
  /** `files` rows (tables among them, when the run listed them, give a table's database and schema). */
  files: Row[];
  /** Document id → its `sources` array (from `*_sources`). */
  sources: { workbook: Map<string, Row[]>; datamodel: Map<string, Row[]>; dataset: Map<string, Row[]> };
  /** Document id → its lineage entries (`lineage`, `datamodel_lineage`). */
  lineage: { workbook: Map<string, Row[]>; datamodel: Map<string, Row[]> };
  /** Workbook id → element rows (with `page_id`). */
  elements: Map<string, Row[]>;
  /** Workbook id → page rows. */
  pages: Map<string, Row[]>;
  /** Data-model id → element rows. */
  dmElements: Map<string, Row[]>;
  /** `<workbookId>/<elementId>` → that element's lineage graph (`lineages`). */
  elementGraphs: Map<string, Row>;
}

function group(rows: Row[] | undefined, key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows ?? []) {
    const id = str(r[key]);
    if (id === undefined) continue;
    const list = out.get(id);
    if (list) list.push(r);
    else out.set(id, [r]);
  }
  return out;
}

// `*_sources` rows hold one document's whole `sources` array.
function sourcesOf(rows: Row[] | undefined): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows ?? []) {
    const id = str(r.asset_id);
    if (id === undefined || !Array.isArray(r.sources)) continue;
    const list = out.get(id) ?? [];
    for (const s of r.sources) if (s !== null && typeof s === "object") list.push(s as Row);
    out.set(id, list);
  }
  return out;
}

/** Reads what lineage needs from `run`. */
export async function loadExtraction(run: ExtractionRun): Promise<Extraction> {
  const missing = new Set<LineageAsset>();
  const rows = new Map<LineageAsset, Row[] | undefined>();
  for (const asset of LINEAGE_ASSETS) {
    const r = await readAsset(run, asset);
    if (r === undefined) missing.add(asset);
    rows.set(asset, r);
  }
  const get = (a: LineageAsset) => rows.get(a);
  const elementGraphs = new Map<string, Row>();
  for (const g of get("lineages") ?? []) {
    const wb = str(g.workbook_id);
    const el = str(g.element_id);
    if (wb !== undefined && el !== undefined) elementGraphs.set(`${wb}/${el}`, g);
  }
  return {
    run,
    missing,
    connections: get("connections") ?? [],
    dataModels: get("datamodels") ?? [],
    datasets: get("datasets") ?? [],
    workbooks: get("workbooks") ?? [],
    files: get("files") ?? [],
    sources: {
      workbook: sourcesOf(get("workbook_sources")),
      datamodel: sourcesOf(get("datamodel_sources")),
      dataset: sourcesOf(get("dataset_sources")),
    },
    lineage: { workbook: group(get("lineage"), "workbook_id"), datamodel: group(get("datamodel_lineage"), "datamodel_id") },
    elements: group(get("elements"), "workbook_id"),
    pages: group(get("pages"), "workbook_id"),
    dmElements: group(get("datamodel_elements"), "datamodel_id"),
    elementGraphs,
  };
}
