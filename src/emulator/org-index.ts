/**
 * Lookups over an Org, built once per org version (mutations rebuild it). Routes only read.
 * Per-workbook maps are built lazily: most requests touch few workbooks.
 */
import type { ConnectionPathEntryDoc as ConnectionPathEntry, MaterializationScheduleDoc as MaterializationSchedule, SigmaFileDoc as SigmaFile } from "../schemas/index.js";
import { ReadGraph } from "./org/read-graph.js";
import type { DataModelRecord, DatasetRecord, Org, TeamRecord, WarehouseScope, WarehouseTable, WorkbookElementRecord, WorkbookRecord } from "./org/types.js";

/** Lazily built lookups inside one workbook. */
export interface WorkbookView {
  record: WorkbookRecord;
  elements: Map<string, WorkbookElementRecord>;
  /** pageId -> elements of that page, in page order. */
  pages: Map<string, WorkbookElementRecord[]>;
  schedules: Map<string, MaterializationSchedule>;
}

function byKey<T>(items: readonly T[], key: (t: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const item of items) m.set(key(item), item);
  return m;
}

/** Indexes of one org version. */
export class OrgIndex {
  readonly workbooks: Map<string, WorkbookRecord>;
  readonly dataModels: Map<string, DataModelRecord>;
  readonly datasets: Map<string, DatasetRecord>;
  readonly members: Map<string, Org["members"][number]>;
  readonly teams: Map<string, TeamRecord>;
  readonly workspaces: Map<string, Org["workspaces"][number]>;
  readonly connections: Map<string, Org["connections"][number]>;
  readonly tables: Map<string, WarehouseTable>;
  readonly files: Map<string, SigmaFile>;
  readonly filesByUrlId: Map<string, SigmaFile>;
  /** Databases and schemas by inode id and urlId (tables' parents; not files themselves). */
  readonly scopes: Map<string, WarehouseScope>;
  /** Ids of workbooks the caller may not see (403; left out of lists). */
  readonly hidden: Set<string>;
  private readonly views = new Map<string, WorkbookView>();
  private readonly dmSchedules = new Map<string, Map<string, MaterializationSchedule>>();
  private ancestorCache: Map<string, string[]> | undefined;
  private reads: ReadGraph | undefined;
  private pathEntries: ConnectionPathEntry[] | undefined;

  /** The org's read graph (which element reads what; visible schedules), built on first use. */
  readGraph(): ReadGraph {
    return (this.reads ??= new ReadGraph(this.org));
  }

  constructor(readonly org: Org) {
    this.workbooks = byKey(org.workbooks, (w) => w.workbook.workbookId);
    this.dataModels = byKey(org.dataModels, (d) => d.dataModel.dataModelId);
    this.datasets = byKey(org.datasets, (d) => d.dataset.datasetId);
    this.members = byKey(org.members, (m) => m.memberId);
    this.teams = byKey(org.teams, (t) => t.team.teamId);
    this.workspaces = byKey(org.workspaces, (w) => w.workspaceId);
    this.connections = byKey(org.connections, (c) => c.connectionId);
    this.tables = byKey(org.tables, (t) => t.inodeId);
    this.files = byKey(org.files, (f) => f.id);
    this.filesByUrlId = byKey(org.files, (f) => f.urlId);
    this.scopes = byKey(org.scopes ?? [], (s) => s.inodeId);
    for (const s of org.scopes ?? []) this.scopes.set(s.urlId, s);
    this.hidden = new Set(org.workbooks.filter((w) => w.hiddenFromCaller).map((w) => w.workbook.workbookId));
  }

  /** Lookups inside one workbook, or undefined for an unknown id. */
  workbook(id: string): WorkbookView | undefined {
    let view = this.views.get(id);
    if (view) return view;
    const record = this.workbooks.get(id);
    if (!record) return undefined;
    const pages = new Map<string, WorkbookElementRecord[]>(record.pages.map((p) => [p.pageId, []]));
    for (const el of record.elements) pages.get(el.pageId)?.push(el);
    view = {
      record,
      elements: byKey(record.elements, (e) => e.element.elementId),
      pages,
      schedules: byKey(record.materializationSchedules, (s) => s.sheetId),
    };
    this.views.set(id, view);
    return view;
  }

  /** Materialization schedules of a data model by sheetId. */
  dataModelSchedules(record: DataModelRecord): Map<string, MaterializationSchedule> {
    const id = record.dataModel.dataModelId;
    let m = this.dmSchedules.get(id);
    if (!m) this.dmSchedules.set(id, (m = byKey(record.materializationSchedules, (s) => s.sheetId)));
    return m;
  }

  /** A file by id or urlId. */
  file(idOrUrlId: string): SigmaFile | undefined {
    return this.files.get(idOrUrlId) ?? this.filesByUrlId.get(idOrUrlId);
  }

  /**
   * Entries of GET /v2/connections/paths: per connection, each database, then each of its
   * schemas followed by that schema's tables (the document: "databases, catalogs, schemas, and
   * tables").
   */
  connectionPaths(): ConnectionPathEntry[] {
    if (this.pathEntries) return this.pathEntries;
    const tablesBySchema = new Map<string, WarehouseTable[]>();
    for (const t of this.org.tables) {
      const key = `${t.connectionId}\u0000${t.path.slice(0, -1).join("\u0000")}`;
      const list = tablesBySchema.get(key);
      if (list) list.push(t);
      else tablesBySchema.set(key, [t]);
    }
    const out: ConnectionPathEntry[] = [];
    const entry = (x: { connectionId: string; urlId: string; path: string[] }) => out.push({ connectionId: x.connectionId, urlId: x.urlId, path: x.path });
    for (const scope of this.org.scopes ?? []) {
      entry(scope);
      const key = `${scope.connectionId}\u0000${scope.path.join("\u0000")}`;
      for (const t of tablesBySchema.get(key) ?? []) entry(t);
      tablesBySchema.delete(key);
    }
    // Tables whose schema is not a recorded scope (hand-made orgs) still get listed.
    for (const rest of tablesBySchema.values()) for (const t of rest) entry(t);
    return (this.pathEntries = out);
  }

  /** True for the invisible root inode (parent of workspaces and "My Documents"). */
  isRoot(id: string): boolean {
    const org = this.org;
    // Orgs without a recorded root (hand-made fixtures): any parent that is no known inode.
    if (org.rootFolderId === undefined) return !this.files.has(id) && !this.scopes.has(id);
    return id === org.rootFolderId || id === org.rootFolderUrlId;
  }

  /** The parent inode of a file or scope: a file id, a scope id (schema -> database), or undefined at the top. */
  private parentOf(id: string): string | undefined {
    const f = this.files.get(id);
    if (f) return f.parentId;
    const scope = this.scopes.get(id);
    if (!scope || scope.path.length < 2) return undefined;
    const db = scope.path[0];
    for (const s of this.org.scopes) if (s.connectionId === scope.connectionId && s.path.length === 1 && s.path[0] === db) return s.inodeId;
    return undefined;
  }

  /** Ids of the inodes above a file (folders, workspaces; schema and database for tables), nearest first. */
  ancestors(fileId: string): string[] {
    if (!this.ancestorCache) this.ancestorCache = new Map();
    const cached = this.ancestorCache.get(fileId);
    if (cached) return cached;
    const out: string[] = [];
    const seen = new Set<string>([fileId]);
    let parent = this.parentOf(fileId);
    // Bounded by `seen`: a malformed cycle cannot loop forever.
    while (parent && (this.files.has(parent) || this.scopes.has(parent)) && !seen.has(parent)) {
      out.push(parent);
      seen.add(parent);
      parent = this.parentOf(parent);
    }
    this.ancestorCache.set(fileId, out);
    return out;
  }
}
