/**
 * The ground-truth inventory served at /__emulator/truth: what a complete extraction must find.
 * Every entry carries Sigma's own id field; `counts` equal the lengths of the arrays (plus the
 * pages, elements and schedules nested in workbooks and data models).
 */
import { dataModelNodeId, type LineageIds } from "./lineage.js";
import { ReadGraph } from "./read-graph.js";
import type { Org } from "./types.js";

/**
 * A schedule downstream of a table: every visible schedule (read-graph.ts) whose element reads
 * the table directly or transitively. `depth`: the most schedules on one read path from the
 * table to it, itself included (1 = no other schedule between), i.e. its wave in a refresh
 * plan for that table alone.
 */
export interface DownstreamSchedule {
  documentType: "workbook" | "data-model" | "dataset";
  documentId: string;
  sheetId: string;
  depth: number;
}

/** A schedule as the truth lists it. */
export interface TruthSchedule {
  sheetId: string;
  elementId: string;
  paused: boolean;
}

/** Ground-truth inventory of an organisation. */
export interface Truth {
  seed: number;
  size: string;
  organizationId: string;
  orgSlug: string;
  callerMemberId: string;
  /** The id scheme of lineage answers the ids below are in. */
  lineageIds: LineageIds;
  counts: Record<string, number>;
  workbooks: Array<{
    workbookId: string;
    name: string;
    path: string;
    updatedAt: string;
    latestVersion: number;
    isArchived: boolean;
    /** The caller gets 403 for this workbook and does not see it in lists. */
    hiddenFromCaller: boolean;
    pages: Array<{ pageId: string; name: string }>;
    elements: Array<{ elementId: string; pageId: string; name: string; type: string }>;
    materializationSchedules: TruthSchedule[];
  }>;
  dataModels: Array<{
    dataModelId: string;
    /** What lineage answers call the data model in their ids (its url id). */
    dataModelUrlId: string;
    name: string;
    isArchived: boolean;
    /** Each element with its lineage node id in the active scheme (`<urlId>/<suffix>`, or legacy `inode-<urlId>`). */
    elements: Array<{ elementId: string; name: string; lineageNodeId: string }>;
    materializationSchedules: TruthSchedule[];
  }>;
  datasets: Array<{ datasetId: string; name: string; isArchived: boolean }>;
  members: Array<{ memberId: string; email: string }>;
  teams: Array<{ teamId: string; name: string }>;
  files: Array<{ id: string; type: string; path: string }>;
  connections: Array<{ connectionId: string; name: string; type: string }>;
  workspaces: Array<{ workspaceId: string; name: string }>;
  tables: Array<{ inodeId: string; connectionId: string; path: string[]; downstreamSchedules: DownstreamSchedule[] }>;
}

const schedule = (s: TruthSchedule): TruthSchedule => ({ sheetId: s.sheetId, elementId: s.elementId, paused: s.paused });

/** Builds the ground-truth inventory of `org` (a fresh object: later mutations do not change it); ids in lineage per `lineageIds` (default "sigma"). */
export function buildTruth(org: Org, options: { lineageIds?: LineageIds } = {}): Truth {
  const lineageIds = options.lineageIds ?? "sigma";
  const workbooks = org.workbooks.map((w) => ({
    workbookId: w.workbook.workbookId,
    name: w.workbook.name,
    path: w.workbook.path,
    updatedAt: w.workbook.updatedAt,
    latestVersion: w.workbook.latestVersion,
    isArchived: w.workbook.isArchived === true,
    hiddenFromCaller: w.hiddenFromCaller,
    pages: w.pages.map((p) => ({ pageId: p.pageId, name: p.name ?? "" })),
    elements: w.elements.map((e) => ({
      elementId: e.element.elementId,
      pageId: e.pageId,
      name: e.element.name ?? "",
      type: e.element.type ?? "",
    })),
    materializationSchedules: w.materializationSchedules.map(schedule),
  }));
  const dataModels = org.dataModels.map((d) => ({
    dataModelId: d.dataModel.dataModelId,
    dataModelUrlId: d.dataModel.dataModelUrlId,
    name: d.dataModel.name,
    isArchived: d.dataModel.isArchived === true,
    elements: d.elements.map((e) => ({
      elementId: e.elementId,
      name: e.name ?? "",
      lineageNodeId: dataModelNodeId(lineageIds, { dataModelId: d.dataModel.dataModelId, urlId: d.dataModel.dataModelUrlId }, e.elementId),
    })),
    materializationSchedules: d.materializationSchedules.map(schedule),
  }));
  const graph = new ReadGraph(org);
  const truth: Truth = {
    seed: org.seed,
    size: org.size,
    organizationId: org.organizationId,
    orgSlug: org.orgSlug,
    callerMemberId: org.callerMemberId,
    lineageIds,
    counts: {},
    workbooks,
    dataModels,
    datasets: org.datasets.map((d) => ({ datasetId: d.dataset.datasetId, name: d.dataset.name, isArchived: d.dataset.isArchived === true })),
    members: org.members.map((m) => ({ memberId: m.memberId, email: m.email })),
    teams: org.teams.map((t) => ({ teamId: t.team.teamId, name: t.team.name })),
    files: org.files.map((f) => ({ id: f.id, type: f.type, path: f.path })),
    connections: org.connections.map((c) => ({ connectionId: c.connectionId, name: c.name, type: c.type })),
    workspaces: org.workspaces.map((w) => ({ workspaceId: w.workspaceId, name: w.name })),
    tables: org.tables.map((t) => ({ inodeId: t.inodeId, connectionId: t.connectionId, path: [...t.path], downstreamSchedules: graph.downstream(`t:${t.inodeId}`) })),
  };
  const sum = (xs: Array<{ length: number }>) => xs.reduce((n, x) => n + x.length, 0);
  truth.counts = {
    workbooks: workbooks.length,
    pages: sum(workbooks.map((w) => w.pages)),
    elements: sum(workbooks.map((w) => w.elements)),
    workbookMaterializationSchedules: sum(workbooks.map((w) => w.materializationSchedules)),
    dataModels: dataModels.length,
    dataModelMaterializationSchedules: sum(dataModels.map((d) => d.materializationSchedules)),
    datasets: truth.datasets.length,
    members: truth.members.length,
    teams: truth.teams.length,
    files: truth.files.length,
    connections: truth.connections.length,
    workspaces: truth.workspaces.length,
    tables: truth.tables.length,
  };
  return truth;
}
