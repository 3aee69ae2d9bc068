/**
 * The catalogue of extractable assets: castor-extractor's ten (same file names, same added
 * keys) and sigmactl's additions. Each asset is either a top-level list or the child rows of
 * one document kind (workbook, data model, dataset), keyed back to its document.
 */
import { UserError } from "../errors.js";

/** Document kinds whose children are fetched per document. */
export type DocKind = "datamodel" | "dataset" | "workbook";

/** Every document kind, in the order castor extracts them (and files list them). */
export const DOC_KINDS: readonly DocKind[] = ["datamodel", "dataset", "workbook"];

/** Top-level lists and the field that identifies an entry (used to drop duplicates). */
export const LISTS = {
  datamodels: "dataModelId",
  datasets: "datasetId",
  workbooks: "workbookId",
  files: "id",
  members: "memberId",
  teams: "teamId",
  workspaces: "workspaceId",
  connections: "connectionId",
} as const;

/** A top-level list asset. */
export type ListAsset = keyof typeof LISTS;

/** The list that enumerates each document kind. */
export const KIND_LIST: Record<DocKind, "datamodels" | "datasets" | "workbooks"> = {
  datamodel: "datamodels",
  dataset: "datasets",
  workbook: "workbooks",
};

/** Child assets per document kind (materialization_schedules belongs to two kinds). */
export const CHILDREN = {
  datamodel: ["datamodel_sources", "datamodel_elements", "datamodel_columns", "datamodel_lineage", "materialization_schedules"],
  dataset: ["dataset_sources"],
  workbook: ["workbook_sources", "queries", "elements", "pages", "columns", "lineage", "lineages", "materialization_schedules"],
} as const satisfies Record<DocKind, readonly string[]>;

/** A per-document asset. */
export type ChildAsset = (typeof CHILDREN)[DocKind][number];

/** Any asset name. */
export type AssetName = ListAsset | ChildAsset;

/** castor-extractor's assets, in its order. */
export const CASTOR_ASSETS: readonly AssetName[] = [
  "datamodels",
  "datamodel_sources",
  "datasets",
  "dataset_sources",
  "workbooks",
  "workbook_sources",
  "files",
  "members",
  "queries",
  "elements",
];

/** sigmactl's additions. */
export const EXTRA_ASSETS: readonly AssetName[] = [
  "pages",
  "columns",
  "lineage",
  "lineages",
  "teams",
  "workspaces",
  "connections",
  "materialization_schedules",
  "datamodel_elements",
  "datamodel_columns",
  "datamodel_lineage",
];

/** Every asset, in file-writing order. */
export const ALL_ASSETS: readonly AssetName[] = [...CASTOR_ASSETS, ...EXTRA_ASSETS];

/** Off unless asked for: one request per data element. */
export const EXPENSIVE_ASSETS: readonly AssetName[] = ["lineages"];

/** The default selection: everything cheap. */
export const DEFAULT_ASSETS: readonly AssetName[] = ALL_ASSETS.filter((a) => !EXPENSIVE_ASSETS.includes(a));

/** True for a top-level list asset. */
export function isListAsset(asset: AssetName): asset is ListAsset {
  return asset in LISTS;
}

/** Document kinds that own `asset` (empty for lists). */
export function kindsOf(asset: AssetName): DocKind[] {
  return DOC_KINDS.filter((k) => (CHILDREN[k] as readonly string[]).includes(asset));
}

/**
 * Parses `--assets`: a comma-separated list where `all` means every asset, `default` the
 * default set, `castor` castor's ten, and `-name` removes one (e.g. `default,lineages,-files`).
 */
export function parseAssets(spec: string | undefined): AssetName[] {
  if (spec === undefined || spec.trim() === "") return [...DEFAULT_ASSETS];
  const chosen = new Set<AssetName>();
  const parts = spec.split(",").map((p) => p.trim()).filter((p) => p !== "");
  const groups: Record<string, readonly AssetName[]> = { all: ALL_ASSETS, default: DEFAULT_ASSETS, castor: CASTOR_ASSETS };
  // A selection made only of removals starts from the default set.
  if (parts.every((p) => p.startsWith("-"))) for (const a of DEFAULT_ASSETS) chosen.add(a);
  const unknown: string[] = [];
  for (const part of parts) {
    const remove = part.startsWith("-");
    const name = remove ? part.slice(1) : part;
    const names = groups[name] ?? ((ALL_ASSETS as readonly string[]).includes(name) ? [name as AssetName] : undefined);
    if (!names) {
      unknown.push(name);
      continue;
    }
    for (const n of names) {
      if (remove) chosen.delete(n);
      else chosen.add(n);
    }
  }
  if (unknown.length > 0) {
    throw new UserError(`unknown asset(s): ${unknown.join(", ")}`, {
      suggestions: [`choose from: all, default, castor, ${ALL_ASSETS.join(", ")}`],
    });
  }
  if (chosen.size === 0) throw new UserError("`assets` selects nothing");
  return ALL_ASSETS.filter((a) => chosen.has(a));
}

/** The lists that must be read to produce `assets` (a child asset needs its kind's list). */
export function listsNeeded(assets: readonly AssetName[]): ListAsset[] {
  const needed = new Set<ListAsset>();
  for (const a of assets) {
    if (isListAsset(a)) needed.add(a);
    for (const k of kindsOf(a)) needed.add(KIND_LIST[k]);
  }
  return (Object.keys(LISTS) as ListAsset[]).filter((l) => needed.has(l));
}

/** The child assets of `kind` that are selected. */
export function selectedChildren(kind: DocKind, assets: readonly AssetName[]): ChildAsset[] {
  return (CHILDREN[kind] as readonly ChildAsset[]).filter((a) => assets.includes(a));
}
