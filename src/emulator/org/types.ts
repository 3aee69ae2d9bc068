/**
 * The contract between the organisation generator (src/emulator/org/generate*.ts) and the
 * emulator's routes (src/emulator/routes/*). Everything here is plain data: Sigma's own
 * payload shapes (from src/schemas) plus the relations the routes need.
 * The generator fills it deterministically from a seed; routes only read it, except the
 * mutable parts named below (materialization jobs live in the emulator's state, not here).
 */
import type {
  ConnectionDoc as Connection,
  DataModelDoc as DataModel,
  DataModelColumnDoc as DataModelColumn,
  DataModelSourceDoc as DataModelSource,
  DatasetDoc as Dataset,
  DatasetMaterializationRunDoc as DatasetMaterializationRun,
  DatasetSourceDoc as DatasetSource,
  ElementDoc as Element,
  ElementLineageDoc as ElementLineage,
  LineageEntryDoc as LineageEntry,
  MaterializationScheduleDoc as MaterializationSchedule,
  MemberDoc as Member,
  SigmaFileDoc as SigmaFile,
  TeamDoc as Team,
  WorkbookDoc as Workbook,
  WorkbookColumnDoc as WorkbookColumn,
  WorkbookPageDoc as WorkbookPage,
  WorkbookSourceDoc as WorkbookSource,
  WorkspaceDoc as Workspace,
  ElementQueryDoc as ElementQuery,
  TableColumnDoc as TableColumn,
} from "../../schemas/index.js";

/** Named organisation sizes. */
export type OrgSize = "tiny" | "small" | "medium" | "large" | "xl";

/** A warehouse table known to a connection (also present in `files` as type "table"). */
export interface WarehouseTable {
  /** The table's inode id (no `inode-` prefix); `files` has an entry with this id. */
  inodeId: string;
  urlId: string;
  connectionId: string;
  /** [database, schema, table] */
  path: string[];
  columns: TableColumn[];
}

/** A database or schema of a connection: an inode that `files` does not list (tables' parents). */
export interface WarehouseScope {
  inodeId: string;
  urlId: string;
  connectionId: string;
  /** [database] or [database, schema] */
  path: string[];
}

/** An account type as served by /v2/accountTypes; members' `memberType` holds its name. */
export interface AccountType {
  accountTypeId: string;
  accountTypeName: string;
  description: string;
  isCustom: boolean;
}

/** An organisation-level version tag (/v2/tags); workbook and data-model `tags` reference it. */
export interface VersionTag {
  versionTagId: string;
  name: string;
  color: string;
  description: string;
  ownerId: string;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A workbook element plus where it lives. */
export interface WorkbookElementRecord {
  element: Element;
  pageId: string;
  /** Element columns as served by /elements/{id}/columns (label form). */
  columns: Array<{ columnId: string; label: string; formula: string | null; type: Record<string, unknown> }>;
  /** SQL as served by /elements/{id}/query and /queries; undefined for controls/text/images. */
  query?: ElementQuery;
  /**
   * Element lineage graph; `{ error: 500 }` when Sigma answers its ordinary "no lineage" 500,
   * `{ error: 400 }` for controls/text/images (Sigma refuses UI elements).
   */
  lineage: ElementLineage | { error: 400 | 500 };
  /**
   * The same graph in the `sigma` id scheme (lineage.ts), when `lineage` is a graph; served
   * instead of it with `lineageIds: "sigma"`. Absent in hand-made orgs: `lineage` is served.
   */
  sigmaLineage?: ElementLineage;
}

/**
 * What an element reads directly (the generator's own record, from which its lineage, sources
 * and SQL are derived): a table inode, a dataset, a data-model element or another element of
 * the same document. The truth's `downstreamSchedules` and the order-violation check walk it.
 */
export type ReadRef = { table: string } | { dataset: string } | { dataModel: string; elementId: string } | { element: string };

/** A workbook and everything under it. */
export interface WorkbookRecord {
  workbook: Workbook;
  pages: WorkbookPage[];
  elements: WorkbookElementRecord[];
  /** Flat columns as served by /workbooks/{id}/columns. */
  columns: WorkbookColumn[];
  /** Entries as served by /workbooks/{id}/lineage (legacy id scheme). */
  lineage: LineageEntry[];
  /** The same entries in the `sigma` id scheme (absent in hand-made orgs: `lineage` is served). */
  sigmaLineage?: LineageEntry[];
  /** Bare array as served by /workbooks/{id}/sources. */
  sources: WorkbookSource[];
  materializationSchedules: MaterializationSchedule[];
  /** What each data element reads directly, by elementId (absent in hand-made orgs). */
  reads?: Record<string, ReadRef[]>;
  /** Members who may not see this workbook (403 for them); the API client's member is the caller. */
  hiddenFromCaller: boolean;
}

/** A data model and everything under it. */
export interface DataModelRecord {
  dataModel: DataModel;
  elements: Element[];
  columns: DataModelColumn[];
  /** Entries as served by /dataModels/{id}/lineage (legacy id scheme). */
  lineage: LineageEntry[];
  /** The same entries in the `sigma` id scheme (absent in hand-made orgs: `lineage` is served). */
  sigmaLineage?: LineageEntry[];
  sources: DataModelSource[];
  materializationSchedules: MaterializationSchedule[];
  /** What each element reads directly, by elementId (absent in hand-made orgs). */
  reads?: Record<string, ReadRef[]>;
}

/** A (deprecated) dataset and everything under it. */
export interface DatasetRecord {
  dataset: Dataset;
  sources: DatasetSource[];
  /** Finished runs, newest first (in-progress runs are never listed, as in Sigma). */
  materializationHistory: DatasetMaterializationRun[];
  /** When sources cannot be resolved Sigma answers 409 inode_archived. */
  sourcesArchived: boolean;
}

/** A team plus its member ids. */
export interface TeamRecord {
  team: Team;
  members: Array<{ userId: string; isTeamAdmin: boolean; addedBy: string }>;
}

/** The whole invented organisation. */
export interface Org {
  seed: number;
  size: OrgSize;
  organizationId: string;
  /** Slug used in app URLs: https://app.sigmacomputing.com/<orgSlug>/workbook/<urlId> */
  orgSlug: string;
  /** The member the emulator's API credentials belong to (an admin). */
  callerMemberId: string;
  /**
   * The invisible root inode: `parentId` of every workspace and of the caller's "My Documents"
   * folder. Not listed in `files`. (Additive, org generator.)
   */
  rootFolderId: string;
  /** urlId of the root inode (`parentUrlId` of workspaces). */
  rootFolderUrlId: string;
  /** Databases and schemas of every connection (parents of table inodes). */
  scopes: WarehouseScope[];
  /** Built-in and custom account types (members' `memberType` names one). */
  accountTypes: AccountType[];
  /** Org-level version tags that workbook and data-model `tags` point at. */
  versionTags: VersionTag[];
  members: Member[];
  teams: TeamRecord[];
  workspaces: Workspace[];
  /** Every inode: workspaces, folders, workbooks, datasets, data models, tables. Paths agree with parents. */
  files: SigmaFile[];
  connections: Connection[];
  tables: WarehouseTable[];
  datasets: DatasetRecord[];
  dataModels: DataModelRecord[];
  workbooks: WorkbookRecord[];
}
