/**
 * Datasets (deprecated in Sigma, still listed): built on one table, a join of two tables, or an
 * earlier dataset; some with materialization history, a few archived or with unresolvable sources.
 */
import type { DatasetMaterializationRunDoc as DatasetMaterializationRun, SigmaFileDoc as SigmaFile } from "../../schemas/index.js";
import { APP_HOST, type GenContext } from "./context.js";
import { makeFile, pickLocation, type Location } from "./files.js";
import { friendlyLabel, UniqueNamer } from "./names.js";
import type { Rng } from "./rng.js";
import { pickUpstream, type Catalog } from "./source-picker.js";
import { createdUpdated, iso } from "./time.js";
import type { DatasetRecord } from "./types.js";
import { fromClause, offeredColumns, type DatasetInfo } from "./upstream.js";

const DATASET_SUFFIXES = ["Dataset", "Base", "Master", "Curated", "Clean", "Core"];

/** Builds the datasets and registers them in the catalog. */
export function buildDatasets(ctx: GenContext, cat: Catalog, locations: Location[], files: SigmaFile[]): DatasetInfo[] {
  const rng = ctx.stream("datasets");
  const names = new UniqueNamer();
  const out: DatasetInfo[] = [];
  for (let i = 0; i < ctx.size.datasets; i++) {
    const home = rng.pick(cat.tables);
    const loc = pickLocation(rng, locations);
    const owner = rng.pick(ctx.authors);
    const t = createdUpdated(rng, 1000, loc.createdMs);
    const datasetId = ctx.ids.uuid();
    const urlId = ctx.ids.urlId();
    // Dataset 1 builds on dataset 0 so chains exist even in a tiny org.
    const parent = i === 1 || (i > 1 && rng.chance(0.15)) ? out[i === 1 ? 0 : rng.int(0, out.length - 1)] : undefined;
    const up = parent ? undefined : pickUpstream(rng, ctx.ids, cat, i === 0 || rng.chance(0.2) ? "join" : "table", home);
    const name = names.name(parent ? `${parent.name} Extended` : `${friendlyLabel(home.template)} ${rng.pick(DATASET_SUFFIXES)}`);
    const archived = i >= 2 && rng.chance(0.08);
    const rec: DatasetRecord = {
      dataset: {
        datasetId,
        createdBy: owner,
        updatedBy: owner,
        createdAt: iso(t.createdMs),
        updatedAt: iso(t.updatedMs),
        name,
        description: rng.chance(0.6) ? `Certified ${name.toLowerCase()} for reporting` : "",
        url: `${APP_HOST}/${ctx.orgSlug}/b/${urlId}`,
        owner,
        referenceCount: 0,
        path: loc.childPath,
        migrationToDataModel: null,
        migrationStatus: "not-migrated",
        isArchived: archived,
      },
      sources: parent
        ? [{ type: "dataset", inodeId: parent.urlId }]
        : up?.kind === "join"
          ? [
              { type: "table", inodeId: up.left.rec.inodeId },
              { type: "table", inodeId: up.right.rec.inodeId },
            ]
          : [{ type: "table", inodeId: home.rec.inodeId }],
      materializationHistory: i === 0 || rng.chance(0.4) ? history(rng, t.updatedMs) : [],
      sourcesArchived: i >= 2 && (archived || rng.chance(0.05)),
    };
    out.push({
      rec,
      urlId,
      name,
      topic: parent ? parent.topic : friendlyLabel(home.template),
      connection: parent ? parent.connection : home.connection,
      columns: parent ? parent.columns : offeredColumns(up!),
      from: parent ? parent.from : fromClause(up!),
    });
    files.push(
      makeFile({
        id: datasetId, urlId, name, type: "dataset", parent: loc, path: loc.childPath, ownerId: owner,
        createdBy: owner, updatedBy: owner, createdMs: t.createdMs, updatedMs: t.updatedMs, isArchived: archived,
      }),
    );
  }
  cat.datasets = out;
  return out;
}

// Finished runs, newest first: recent ones succeed or fail, older tables get marked and swept.
function history(rng: Rng, lastMs: number): DatasetMaterializationRun[] {
  const runs: DatasetMaterializationRun[] = [];
  let at = lastMs;
  const n = rng.int(1, 8);
  for (let k = 0; k < n; k++) {
    const status = k === 0 ? (rng.chance(0.8) ? "success" : "failed") : k > 2 && rng.chance(0.6) ? rng.pick(["marked", "swept"]) : rng.chance(0.85) ? "success" : "failed";
    const runtimeSecs = rng.int(4, 900);
    const failed = status === "failed";
    const numRows = failed ? null : rng.int(1_000, 50_000_000);
    runs.push({
      status,
      finishedAt: iso(at),
      error: failed
        ? { code: "materialization_failed", message: rng.pick(["Warehouse query timed out", "Insufficient privileges on schema", "Table or view not found"]), errorCode: null }
        : null,
      runtimeSecs,
      numRows,
      numBytes: numRows === null ? null : numRows * rng.int(40, 400),
    });
    at -= rng.int(3_600_000, 7 * 86_400_000);
  }
  return runs;
}

/** Marks some datasets as migrated to a data model (or not needing it). */
export function setMigrations(ctx: GenContext, datasets: DatasetInfo[], dataModels: Array<{ id: string; url: string; createdMs: number }>): void {
  const rng = ctx.stream("dataset-migrations");
  for (const d of datasets) {
    const r = rng.next();
    if (r < 0.25 && dataModels.length > 0) {
      const dm = rng.pick(dataModels);
      d.rec.dataset.migrationStatus = "migrated";
      d.rec.dataset.migrationToDataModel = {
        dataModelId: dm.id,
        dataModelUrl: dm.url,
        migratedAt: iso(dm.createdMs),
        migratedBy: rng.pick(ctx.authors),
      };
    } else if (r < 0.4) {
      d.rec.dataset.migrationStatus = "not-required";
    }
  }
}
