/** Everything under one data model, and under one (deprecated) dataset. */
import type { DocResult } from "./checkpoint.js";
import { enrichLineageTables, enrichSources } from "./connection-paths.js";
import { addRows, allParts, foldIssues, lineageKey, newResult, part, readList, wholeRow } from "./doc-context.js";
import type { DocContext } from "./doc-context.js";
import { dataModelEndpoints as dm, datasetEndpoints as ds } from "./endpoints.js";
import type { RawObject } from "./endpoints.js";
import { dedupe, pathFailure } from "./fetch-workbook.js";

const str = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v ?? null));

/** Fetches the selected child assets of one data model. */
export async function fetchDataModel(ctx: DocContext, dataModel: RawObject): Promise<DocResult> {
  const id = String(dataModel.dataModelId);
  const r = newResult("datamodel", id);
  const { client, assets } = ctx;
  const parts: Array<Promise<void>> = [];
  if (assets.has("datamodel_sources")) {
    parts.push(
      part(r, "datamodel_sources", async () => {
        const sources = await readList(r, "datamodel_sources", dm.sources(client, id), wholeRow);
        // Data-model sources name their table `tableId` (workbooks and datasets say `inodeId`).
        const enriched = await enrichSources(sources, "tableId", ctx.paths, (err, t) => pathFailure(r, err, t));
        addRows(r, "datamodel_sources", [{ asset_id: id, sources: enriched }]);
      }),
    );
  }
  if (assets.has("datamodel_elements")) {
    parts.push(
      part(r, "datamodel_elements", async () => {
        const rows = await readList(r, "datamodel_elements", dm.elements(client, id), (e) => str(e.elementId));
        addRows(r, "datamodel_elements", rows.map((e) => ({ ...e, datamodel_id: id })));
      }),
    );
  }
  if (assets.has("datamodel_columns")) {
    parts.push(
      part(r, "datamodel_columns", async () => {
        // columnIds repeat across elements: the key is (element, column).
        const key = (c: RawObject) => `${str(c.elementId)}\u0000${str(c.columnId)}`;
        const rows = await readList(r, "datamodel_columns", dm.columns(client, id), key);
        addRows(r, "datamodel_columns", rows.map((c) => ({ ...c, datamodel_id: id })));
      }),
    );
  }
  if (assets.has("datamodel_lineage")) {
    parts.push(
      part(
        r,
        "datamodel_lineage",
        async () => {
          const rows = await readList(r, "datamodel_lineage", dm.lineage(client, id), lineageKey);
          const enriched = await enrichLineageTables(rows, ctx.paths, (err, t) => pathFailure(r, err, t, "datamodel_lineage"));
          addRows(r, "datamodel_lineage", enriched.map((e) => ({ ...e, datamodel_id: id })));
        },
        "list",
      ),
    );
  }
  if (assets.has("materialization_schedules")) {
    parts.push(
      part(r, "materialization_schedules", async () => {
        const rows = await readList(r, "materialization_schedules", dm.schedules(client, id), (s) => str(s.sheetId));
        addRows(r, "materialization_schedules", rows.map((s) => ({ ...s, asset_id: id, asset_type: "datamodel" })));
      }),
    );
  }
  await allParts(parts);
  return foldIssues(r);
}

/** Fetches the sources of one dataset. */
export async function fetchDataset(ctx: DocContext, dataset: RawObject): Promise<DocResult> {
  const id = String(dataset.datasetId);
  const r = newResult("dataset", id);
  if (ctx.assets.has("dataset_sources")) {
    await part(r, "dataset_sources", async () => {
      const sources = dedupe(r, "dataset_sources", await ds.sources(ctx.client, id));
      const enriched = await enrichSources(sources, "inodeId", ctx.paths, (err, t) => pathFailure(r, err, t));
      addRows(r, "dataset_sources", [{ asset_id: id, sources: enriched }]);
    });
  }
  return r;
}
