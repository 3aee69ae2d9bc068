/**
 * Data models: elements built on tables, joins, unions, custom SQL, datasets, other data models
 * (only earlier ones, so there are no cycles) and other elements of the same model; with flat
 * columns, lineage entries, token-envelope sources, schedules and version tags.
 */
import { APP_HOST, type DocumentDeps, type GenContext } from "./context.js";
import { buildDataNode } from "./data-node.js";
import { makeFile, pickLocation } from "./files.js";
import { dataModelSources, lineageEntries } from "./lineage.js";
import { DOMAINS, friendlyLabel, SUBJECTS, UniqueNamer } from "./names.js";
import type { Rng } from "./rng.js";
import { buildSchedules } from "./schedules.js";
import { pickUpstream, type SourceKind } from "./source-picker.js";
import { createdUpdated, iso } from "./time.js";
import type { DataModelRecord } from "./types.js";
import { readsByElement, type DataModelInfo, type DataNode, type Upstream } from "./upstream.js";
import { pickTags } from "./version-tags.js";

const DM_SUFFIXES = ["Model", "Data Model", "Semantic Model", "Metrics", "Mart"];
const KINDS: SourceKind[] = ["table", "join", "custom-sql", "dataset", "data-model", "union"];
const KIND_WEIGHTS = [45, 15, 8, 8, 18, 6];
// The first two models cover every source kind, so a tiny org has them all.
const FORCED: Record<number, SourceKind[]> = { 0: ["table", "custom-sql", "join", "union"], 1: ["data-model", "dataset", "table"] };

/** Builds the data models and registers each in the catalog as soon as it exists. */
export function buildDataModels(ctx: GenContext, deps: DocumentDeps): DataModelInfo[] {
  const rng = ctx.stream("data-models");
  const names = new UniqueNamer();
  const out: DataModelInfo[] = [];
  for (let i = 0; i < ctx.size.dataModels; i++) {
    const info = buildOne(ctx, rng, deps, i, names.name(`${rng.chance(0.3) ? rng.pick(DOMAINS) : rng.pick(SUBJECTS)} ${rng.pick(DM_SUFFIXES)}`));
    out.push(info);
    deps.cat.dataModels.push(info);
  }
  return out;
}

function buildOne(ctx: GenContext, rng: Rng, deps: DocumentDeps, i: number, name: string): DataModelInfo {
  const loc = pickLocation(rng, deps.locations);
  const owner = rng.pick(ctx.authors);
  const t = createdUpdated(rng, 900, loc.createdMs);
  const dataModelId = ctx.ids.uuid();
  const urlId = ctx.ids.urlId();
  const archived = i >= 2 && rng.chance(0.04);
  const latestVersion = rng.int(1, 120);
  const rec: DataModelRecord = {
    dataModel: {
      dataModelId,
      dataModelUrlId: urlId,
      name,
      url: `${APP_HOST}/${ctx.orgSlug}/data-model/${dataModelId}`,
      path: loc.childPath,
      latestVersion,
      ownerId: owner,
      createdBy: owner,
      updatedBy: rng.chance(0.7) ? owner : rng.pick(ctx.authors),
      createdAt: iso(t.createdMs),
      updatedAt: iso(t.updatedMs),
      isArchived: archived,
    },
    elements: [],
    columns: [],
    lineage: [],
    sources: [],
    materializationSchedules: [],
  };
  if (i === 0 || rng.chance(0.1)) {
    rec.dataModel.tags = pickTags(rng, deps.versionTags, latestVersion, t.createdMs, t.updatedMs).map(({ tag, version, at }) => ({
      versionTagId: tag.versionTagId,
      tagName: tag.name,
      sourceVersion: version,
      taggedAt: at,
    }));
  }
  const info: DataModelInfo = { rec, urlId, name, elements: [] };

  const connTables = deps.cat.byConnection.get(rng.pick(deps.cat.tables).connection.connectionId)!;
  const palette = rng.sample(connTables, rng.int(1, 3));
  const forced = FORCED[i];
  const count = forced ? forced.length : rng.int(2, 5);
  const elNames = new UniqueNamer();
  for (let e = 0; e < count; e++) {
    const home = rng.pick(palette);
    let up: Upstream;
    const parents = info.elements.filter((n) => n.depth < 2);
    if (!forced && parents.length > 0 && rng.chance(0.3)) up = { kind: "element", parent: rng.pick(parents) };
    else up = pickUpstream(rng, ctx.ids, deps.cat, forced?.[e] ?? rng.weighted(KINDS, KIND_WEIGHTS), home);
    const built = buildDataNode({ rng, ids: ctx.ids, type: "table", name: elNames.name(elementName(up)), upstream: up });
    info.elements.push(built.node);
  }
  const nodes: DataNode[] = info.elements;
  rec.elements = nodes.map((n) => n.element);
  rec.columns = nodes.flatMap((n) => n.flatColumns);
  rec.lineage = lineageEntries(nodes, "legacy");
  rec.sigmaLineage = lineageEntries(nodes, "sigma");
  rec.sources = dataModelSources(nodes);
  rec.reads = readsByElement(nodes);
  const scheduled = i === 0 ? 1 : rng.chance(0.35) ? rng.int(1, 2) : 0;
  rec.materializationSchedules = buildSchedules(rng, nodes, scheduled, t.createdMs, t.updatedMs, deps.counter);

  deps.files.push(
    makeFile({
      id: dataModelId, urlId, name, type: "data-model", parent: loc, path: loc.childPath, ownerId: owner,
      createdBy: owner, updatedBy: rec.dataModel.updatedBy, createdMs: t.createdMs, updatedMs: t.updatedMs, isArchived: archived,
    }),
  );
  return info;
}

// A data-model element is named after what it reads.
function elementName(up: Upstream): string {
  switch (up.kind) {
    case "table":
      return friendlyLabel(up.table.template);
    case "join":
      return `${friendlyLabel(up.left.template)} with ${friendlyLabel(up.right.template)}`;
    case "union":
      return `All ${friendlyLabel(up.tables[0]!.template)}`;
    case "custom-sql":
      return "Custom SQL";
    case "dataset":
      return up.dataset.name;
    case "data-model":
      return up.element.name;
    case "element":
      return `${up.parent.name} Summary`;
  }
}
