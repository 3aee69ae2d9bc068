/**
 * Everything under one workbook, planned per workbook rather than per element: pages (then
 * each page's elements, the only way to learn page ids), and the workbook-level columns,
 * queries, lineage, sources and materialization schedules, all in parallel. Per-element
 * lineage graphs (`lineages`) are the one per-element call, and off by default.
 */
import type { DocResult } from "./checkpoint.js";
import { enrichLineageTables, enrichSources } from "./connection-paths.js";
import { addRows, allParts, foldIssues, lineageKey, newResult, part, readList } from "./doc-context.js";
import type { DocContext } from "./doc-context.js";
import { workbookEndpoints as api } from "./endpoints.js";
import type { RawObject } from "./endpoints.js";
import { classify, toIssue } from "./issues.js";

/** castor's "data elements": the only ones written to `elements` and asked for lineage. */
export const DATA_ELEMENT_TYPES: ReadonlySet<string> = new Set(["input-table", "pivot-table", "table", "visualization", "viz"]);
/** Element types that hold no data (controls, text, images): never written to `elements`. */
export const UI_ELEMENT_TYPES: ReadonlySet<string> = new Set(["control", "text", "image"]);

/**
 * Whether an element is a data element. A type word sigmactl does not know, or no type at all
 * (real bodies drift), is decided by the workbook's SQL list when it was read: only data
 * elements have SQL. Without that list such an element is kept: a UI element too many is
 * better than a data element silently lost.
 */
export function isDataElement(e: RawObject, withSql: ReadonlySet<string> | undefined): boolean {
  const type = typeof e.type === "string" ? e.type : undefined;
  if (type !== undefined && DATA_ELEMENT_TYPES.has(type)) return true;
  if (type !== undefined && UI_ELEMENT_TYPES.has(type)) return false;
  return withSql === undefined || withSql.has(str(e.elementId));
}

const str = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v ?? null));

/** Fetches the selected child assets of one workbook. */
export async function fetchWorkbook(ctx: DocContext, workbook: RawObject): Promise<DocResult> {
  const id = String(workbook.workbookId);
  const r = newResult("workbook", id);
  const { client, assets } = ctx;
  // Every element listed on the pages (first listing of each), and the elements that have SQL.
  const listed: RawObject[] = [];
  let withSql: Set<string> | undefined;
  const parts: Array<Promise<void>> = [];

  // Elements are listed per page, and lineages per element: a failed page list costs all three.
  const pageCosts = (["pages", "elements", "lineages"] as const).filter((a) => assets.has(a));
  const elementCosts = (["elements", "lineages"] as const).filter((a) => assets.has(a));
  if (pageCosts.length > 0) {
    parts.push(
      part(r, pageCosts, async () => {
        const pages = await readList(r, "pages", api.pages(client, id), (p) => str(p.pageId), pageCosts);
        if (assets.has("pages")) addRows(r, "pages", pages.map((p) => ({ ...p, workbook_id: id })));
        if (!assets.has("elements") && !assets.has("lineages")) return;
        // Pages in parallel, rows kept in page order.
        const perPage: RawObject[][] = pages.map(() => []);
        const seen = new Set<string>();
        await allParts(
          pages.map((p, i) =>
            part(r, elementCosts, async () => {
              const pageId = str(p.pageId);
              const els = await readList(r, "elements", api.pageElements(client, id, pageId), (e) => str(e.elementId), elementCosts);
              for (const e of els) perPage[i]!.push({ ...e, workbook_id: id, page_id: pageId });
            }),
          ),
        );
        for (const rows of perPage) {
          for (const e of rows) {
            // An element listed on two pages (or twice on one) is one element.
            const eid = str(e.elementId);
            if (seen.has(eid)) {
              r.duplicates.elements = (r.duplicates.elements ?? 0) + 1;
              continue;
            }
            seen.add(eid);
            listed.push(e);
          }
        }
      }),
    );
  }
  if (assets.has("columns")) {
    parts.push(
      part(r, "columns", async () => {
        const rows = await readList(r, "columns", api.columns(client, id), (c) => `${str(c.elementId)}\u0000${str(c.columnId)}`);
        addRows(r, "columns", rows.map((c) => ({ ...c, workbook_id: id })));
      }),
    );
  }
  if (assets.has("queries")) {
    parts.push(
      part(r, "queries", async () => {
        // Sigma returns duplicate entries for some elements: one row per (workbook, element), as castor.
        const rows = await readList(r, "queries", api.queries(client, id), (q) => str(q.elementId));
        withSql = new Set(rows.map((q) => str(q.elementId)));
        addRows(r, "queries", rows.map((q) => ({ ...q, workbook_id: id })));
      }),
    );
  }
  if (assets.has("lineage")) {
    parts.push(
      part(
        r,
        "lineage",
        async () => {
          const rows = await readList(r, "lineage", api.lineage(client, id), lineageKey);
          const enriched = await enrichLineageTables(rows, ctx.paths, (err, tableId) => pathFailure(r, err, tableId, "lineage"));
          addRows(r, "lineage", enriched.map((e) => ({ ...e, workbook_id: id })));
        },
        "list", // 400: the workbook has no lineage graph
      ),
    );
  }
  if (assets.has("workbook_sources")) {
    parts.push(
      part(r, "workbook_sources", async () => {
        const sources = dedupe(r, "workbook_sources", await api.sources(client, id));
        const enriched = await enrichSources(sources, "inodeId", ctx.paths, (err, tableId) => pathFailure(r, err, tableId));
        addRows(r, "workbook_sources", [{ asset_id: id, sources: enriched }]);
      }),
    );
  }
  if (assets.has("materialization_schedules")) {
    parts.push(
      part(r, "materialization_schedules", async () => {
        const rows = await readList(r, "materialization_schedules", api.schedules(client, id), (s) => str(s.sheetId));
        addRows(r, "materialization_schedules", rows.map((s) => ({ ...s, asset_id: id, asset_type: "workbook" })));
      }),
    );
  }
  await allParts(parts);
  // Decided once every list is in: an element of an unknown type needs the SQL list.
  const dataElements = listed.filter((e) => isDataElement(e, withSql));
  if (assets.has("elements")) addRows(r, "elements", dataElements);

  if (assets.has("lineages")) {
    // castor (G2) asked lineage only for data elements that have columns; `columns: null` says
    // there are none, while a body without the field (drift) cannot tell, so it is asked.
    const targets = dataElements.filter((e) => e.columns !== null);
    const graphs: Array<RawObject | undefined> = targets.map(() => undefined);
    await allParts(
      targets.map((e, i) =>
        part(
          r,
          "lineages",
          async () => {
            graphs[i] = { ...(await api.elementLineage(client, id, str(e.elementId))), workbook_id: id, element_id: e.elementId };
          },
          "graph",
        ),
      ),
    );
    addRows(r, "lineages", graphs.filter((g): g is RawObject => g !== undefined));
  }
  return foldIssues(r);
}

/** Drops exact duplicate sources (bare arrays have no paging, but Sigma may still repeat). */
export function dedupe(r: DocResult, asset: "workbook_sources" | "dataset_sources", sources: RawObject[]): RawObject[] {
  const seen = new Set<string>();
  const out: RawObject[] = [];
  for (const s of sources) {
    const k = JSON.stringify(s);
    if (seen.has(k)) {
      r.duplicates[asset] = (r.duplicates[asset] ?? 0) + 1;
      continue;
    }
    seen.add(k);
    out.push(s);
  }
  return out;
}

/** Records a failed connection-path lookup against the document's sources, or `asset` (or stops the run). */
export function pathFailure(r: DocResult, err: unknown, tableId: string, lineageAsset?: "lineage" | "datamodel_lineage"): void {
  if (classify(err) === "fatal") throw err;
  const asset = lineageAsset ?? (r.kind === "workbook" ? "workbook_sources" : r.kind === "dataset" ? "dataset_sources" : "datamodel_sources");
  const issue = toIssue(err, asset, { kind: r.kind, id: r.id });
  issue.message = `connection path of table ${tableId}: ${issue.message}`;
  r.errors.push(issue);
}
