/**
 * The protected set: fields the chaotic shape never drops, nulls or rewrites. Defined here,
 * independently of the client's schemas, from what a body must keep for the organisation to
 * stay the same organisation: identity (ids, urlIds, the names documents always have),
 * discriminators that say what an id refers to, and the fields that carry a relationship
 * (links between entities). Envelope fields (`entries`, `nextPage`, `total`, `hasMore`,
 * `nextPageToken`) are never shaped at all. The README's "Shapes" section gives the reasons.
 */
import type { ItemKind } from "./kinds.js";

/** Protected fields per kind. */
export const PROTECTED: Record<ItemKind, readonly string[]> = {
  workbook: ["workbookId", "workbookUrlId", "name"],
  page: ["pageId"],
  element: ["elementId"],
  workbookColumn: ["columnId", "elementId"],
  elementColumn: ["columnId"],
  query: ["elementId"],
  lineageEntry: ["elementId", "sourceIds", "inodeId", "dataModelId", "definition", "csvId", "semanticViewId", "semanticViewTable", "sqlDocumentId", "worksheetId"],
  // The graph's containers; their nodes and edges are shaped as lineageNode / lineageEdge.
  elementLineage: ["dependencies", "edges"],
  source: ["type", "inodeId", "dataModelId", "elementIds", "versionTagId", "tableId", "datasetId", "connectionId", "definition", "customSqlId", "url"],
  schedule: ["sheetId", "elementId", "paused"],
  job: ["materializationId", "status"],
  started: ["materializationId", "taskId"],
  datasetRun: ["status", "finishedAt"],
  dataModel: ["dataModelId", "dataModelUrlId", "name"],
  dataset: ["datasetId", "name", "url"],
  member: ["memberId", "email", "memberType"],
  team: ["teamId", "name", "members"],
  teamMember: ["userId"],
  workspace: ["workspaceId", "workspaceUrlId", "name"],
  file: ["id", "urlId", "name", "type", "parentId", "parentUrlId"],
  connection: ["connectionId", "name"],
  connectionPathEntry: ["connectionId", "urlId", "path"],
  connectionPath: ["connectionId", "path"],
  tableColumn: ["name"],
  lookup: ["kind", "inodeId", "url"],
  accountType: ["accountTypeId", "accountTypeName"],
  versionTag: ["versionTagId", "name"],
};

/** Protected fields of the nodes and edges inside an element's lineage graph. */
export const PROTECTED_NODE: readonly string[] = ["nodeId", "elementId"];
/** Protected fields of a lineage graph's edges. */
export const PROTECTED_EDGE: readonly string[] = ["source", "target"];

/**
 * Enum-like string fields (the document or Sigma's usage gives a closed list of words): the
 * chaotic shape may answer a word outside that list, as Sigma does when it adds a kind.
 */
export const ENUM_LIKE: Partial<Record<ItemKind | "lineageNode" | "lineageEdge", readonly string[]>> = {
  element: ["type", "vizualizationType"],
  lineageEntry: ["type"],
  lineageNode: ["type"],
  lineageEdge: ["type"],
  dataset: ["migrationStatus"],
  member: ["userKind"],
  team: ["visibility"],
  file: ["permission", "badge"],
  connection: ["type"],
  tableColumn: ["visibility"],
};
