/**
 * The endpoints the extractor reads, returning Sigma's payloads **as sent**: each entry is
 * checked against its catalogue item's reader schema (only what sigmactl needs; drift from the
 * documented schema is recorded by the client), but the original object is kept, because
 * castor's contract is raw payloads. Paths, page styles and retry rules come from the endpoint
 * catalogue (src/api/endpoints.ts).
 */
import { ENDPOINTS } from "../api/endpoints.js";
import { arrayAsSent, callAsSent, listAsSent, type Paginated, type RawObject, type SigmaClient } from "../client/index.js";
import type { ListAsset } from "./assets.js";

export type { RawObject } from "../client/index.js";

/** Options that change what the top-level lists return. */
export interface ListOptions {
  /** Admins: list every workbook / data model / dataset, including those shared with nobody. */
  skipPermissionCheck?: boolean | undefined;
}

/** The top-level lists (the always-paginated `/v2.1` twins where legacy lists exist). */
export function listEndpoint(c: SigmaClient, list: ListAsset, opts: ListOptions = {}): Paginated<RawObject> {
  const q = opts.skipPermissionCheck ? { query: { skipPermissionCheck: true } } : {};
  switch (list) {
    case "datamodels":
      return listAsSent(c, ENDPOINTS.listDataModels, {}, q);
    case "datasets":
      return listAsSent(c, ENDPOINTS.listDatasets, {}, q);
    case "workbooks":
      return listAsSent(c, ENDPOINTS.listWorkbooks, {}, q);
    case "files":
      // No type filter, as castor: Sigma's default set of document and folder types.
      return listAsSent(c, ENDPOINTS.listFiles, {});
    case "members":
      // Deactivated members still own documents: a catalog needs them to resolve owners.
      return listAsSent(c, ENDPOINTS.listMembers, {}, { query: { includeArchived: true, includeInactive: true } });
    case "teams":
      return listAsSent(c, ENDPOINTS.listTeams, {});
    case "workspaces":
      return listAsSent(c, ENDPOINTS.listWorkspaces, {});
    case "connections":
      return listAsSent(c, ENDPOINTS.listConnections, {});
  }
}

/** Per-workbook endpoints. */
export const workbookEndpoints = {
  pages: (c: SigmaClient, workbookId: string) => listAsSent(c, ENDPOINTS.listWorkbookPages, { workbookId }),
  pageElements: (c: SigmaClient, workbookId: string, pageId: string) => listAsSent(c, ENDPOINTS.listWorkbookPageElements, { workbookId, pageId }),
  columns: (c: SigmaClient, workbookId: string) => listAsSent(c, ENDPOINTS.listWorkbookColumns, { workbookId }),
  queries: (c: SigmaClient, workbookId: string) => listAsSent(c, ENDPOINTS.listWorkbookQueries, { workbookId }),
  lineage: (c: SigmaClient, workbookId: string) => listAsSent(c, ENDPOINTS.listWorkbookLineage, { workbookId }),
  sources: (c: SigmaClient, workbookId: string) => arrayAsSent(c, ENDPOINTS.listWorkbookSources, { workbookId }),
  schedules: (c: SigmaClient, workbookId: string) => listAsSent(c, ENDPOINTS.listWorkbookSchedules, { workbookId }),
  // Sigma's 500 is its ordinary "no lineage" answer here, and a transient 500 looks the same: the
  // catalogue's `no-500` rule asks once more (a second 500 is counted as "no lineage").
  elementLineage: (c: SigmaClient, workbookId: string, elementId: string) => callAsSent(c, ENDPOINTS.getElementLineage, { workbookId, elementId }),
};

/** Per-data-model endpoints. */
export const dataModelEndpoints = {
  sources: (c: SigmaClient, dataModelId: string) => listAsSent(c, ENDPOINTS.listDataModelSources, { dataModelId }),
  elements: (c: SigmaClient, dataModelId: string) => listAsSent(c, ENDPOINTS.listDataModelElements, { dataModelId }),
  columns: (c: SigmaClient, dataModelId: string) => listAsSent(c, ENDPOINTS.listDataModelColumns, { dataModelId }),
  lineage: (c: SigmaClient, dataModelId: string) => listAsSent(c, ENDPOINTS.listDataModelLineage, { dataModelId }),
  schedules: (c: SigmaClient, dataModelId: string) => listAsSent(c, ENDPOINTS.listDataModelSchedules, { dataModelId }),
};

/** Per-dataset endpoints. */
export const datasetEndpoints = {
  sources: (c: SigmaClient, datasetId: string) => arrayAsSent(c, ENDPOINTS.listDatasetSources, { datasetId }),
};

/** `GET /v2/files/{id}` of a table (a lineage `table` entry's `inodeId` is its file id). */
export function tableFile(c: SigmaClient, inodeId: string): Promise<RawObject> {
  return callAsSent(c, ENDPOINTS.getFile, { inodeId });
}

/** `GET /v2/connections/paths/{tableId}`: `{connectionId, path: [db, schema, table]}`. */
export function connectionPath(c: SigmaClient, inodeId: string): Promise<RawObject> {
  return callAsSent(c, ENDPOINTS.getConnectionPath, { inodeId });
}
