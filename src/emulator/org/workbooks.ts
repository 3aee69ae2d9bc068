/**
 * Workbooks: the document, its pages and elements of every type, flat columns, lineage,
 * sources, schedules, version tags; a few archived or hidden from the caller.
 */
import { APP_HOST, type DocumentDeps, type GenContext } from "./context.js";
import { makeFile, pickLocation } from "./files.js";
import { lineageEntries, workbookSources } from "./lineage.js";
import { DOMAINS, PAGE_NAMES, UniqueNamer, workbookTitle } from "./names.js";
import type { Rng } from "./rng.js";
import { buildSchedules } from "./schedules.js";
import { createdUpdated, iso } from "./time.js";
import type { WorkbookRecord } from "./types.js";
import { pickTags } from "./version-tags.js";
import { readsByElement, type DataNode } from "./upstream.js";
import { buildPage, FORCED_PAGES, type PageState } from "./workbook-page.js";

/** The data elements of each generated workbook (for the chain pass, chains.ts); never served. */
export const workbookNodes = new WeakMap<WorkbookRecord, DataNode[]>();

/** Builds every workbook. */
export function buildWorkbooks(ctx: GenContext, deps: DocumentDeps): WorkbookRecord[] {
  const rng = ctx.stream("workbooks");
  const names = new UniqueNamer();
  const out: WorkbookRecord[] = [];
  for (let i = 0; i < ctx.size.workbooks; i++) {
    out.push(buildOne(ctx, rng, deps, i, names.name(workbookTitle(rng, rng.pick(DOMAINS)))));
  }
  return out;
}

function buildOne(ctx: GenContext, rng: Rng, deps: DocumentDeps, i: number, name: string): WorkbookRecord {
  const loc = i === 0 ? deps.locations[1] ?? deps.locations[0]! : pickLocation(rng, deps.locations);
  const owner = loc === deps.locations[0] ? ctx.callerMemberId : rng.pick(ctx.authors);
  const t = createdUpdated(rng, 800, loc.createdMs);
  const workbookId = ctx.ids.uuid();
  const urlId = ctx.ids.urlId();
  // Index 0 is always a plain, visible, live workbook; small+ orgs get a forced archived (5) and hidden (7) one.
  const archived = i === 5 || (i > 7 && rng.chance(0.03));
  const hidden = i === 7 || (i > 9 && rng.chance(0.015));
  const latestVersion = rng.int(1, 250);
  const updatedBy = rng.chance(0.75) ? owner : rng.pick(ctx.authors);
  const rec: WorkbookRecord = {
    workbook: {
      workbookId,
      workbookUrlId: urlId,
      name,
      url: `${APP_HOST}/${ctx.orgSlug}/workbook/${urlId}`,
      path: loc.childPath,
      latestVersion,
      ownerId: owner,
      createdBy: owner,
      updatedBy,
      createdAt: iso(t.createdMs),
      updatedAt: iso(t.updatedMs),
      isArchived: archived,
    },
    pages: [],
    elements: [],
    columns: [],
    lineage: [],
    sources: [],
    materializationSchedules: [],
    hiddenFromCaller: hidden,
  };
  if (rng.chance(0.5)) rec.workbook.description = `${name} for the ${loc.childPath.split("/")[0]} team`;
  if (i === 1 || rng.chance(0.1)) {
    rec.workbook.tags = pickTags(rng, deps.versionTags, latestVersion, t.createdMs, t.updatedMs).map(({ tag, version, at }) => ({
      versionTagId: tag.versionTagId,
      name: tag.name,
      sourceWorkbookVersion: version,
      // The tagged copy is a workbook of its own.
      taggedWorkbookId: rng.uuid(),
      workbookTaggedAt: at,
    }));
  }

  const connTables = deps.cat.byConnection.get(rng.pick(deps.cat.tables).connection.connectionId)!;
  const state: PageState = {
    ctx,
    rng,
    cat: deps.cat,
    palette: rng.sample(connTables, rng.int(1, 3)),
    nodes: [],
    names: new UniqueNamer(),
    records: rec.elements,
  };
  const [lo, hi] = ctx.size.pages;
  const pageCount = i === 0 ? Math.max(FORCED_PAGES.length, rng.int(lo, hi)) : rng.int(lo, hi);
  const pageNames = new UniqueNamer();
  for (let p = 0; p < pageCount; p++) {
    const pageId = ctx.ids.shortId();
    const page = { pageId, name: pageNames.name(p === 0 ? "Overview" : rng.pick(PAGE_NAMES)) };
    rec.pages.push(rng.chance(0.05) && p > 0 ? { ...page, hidden: true } : page);
    buildPage(state, pageId, i === 0 ? FORCED_PAGES[p] : undefined, p === 0);
  }

  rec.columns = state.nodes.flatMap((n) => n.flatColumns);
  rec.lineage = lineageEntries(state.nodes, "legacy");
  rec.sigmaLineage = lineageEntries(state.nodes, "sigma");
  rec.sources = workbookSources(state.nodes);
  rec.reads = readsByElement(state.nodes);
  workbookNodes.set(rec, state.nodes);
  const scheduled = i === 0 ? 2 : rng.chance(0.25) ? rng.int(1, 2) : 0;
  rec.materializationSchedules = buildSchedules(rng, state.nodes, scheduled, t.createdMs, t.updatedMs, deps.counter);

  deps.files.push(
    makeFile({
      id: workbookId, urlId, name, type: "workbook", parent: loc, path: loc.childPath, ownerId: owner,
      createdBy: owner, updatedBy, createdMs: t.createdMs, updatedMs: t.updatedMs, isArchived: archived,
      permission: hidden ? "view" : "edit",
    }),
  );
  return rec;
}
