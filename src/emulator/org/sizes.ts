/** How many of each thing an organisation of a named size holds. */
import type { OrgSize } from "./types.js";

/** Counts and shape parameters for one organisation size. */
export interface SizeProfile {
  members: number;
  teams: number;
  workspaces: number;
  /** Maximum folder depth under a workspace. */
  folderDepth: number;
  foldersPerWorkspace: number;
  connections: number;
  /** Databases per connection and schemas per database. */
  databases: number;
  schemas: number;
  datasets: number;
  dataModels: number;
  workbooks: number;
  /** Pages per workbook (min, max) and elements per page (min, max). */
  pages: readonly [number, number];
  elementsPerPage: readonly [number, number];
}

/** Size profiles; `large` is ~2,000 workbooks, ~8,000 pages, ~40,000 elements, ~200 data models, ~3,000 members. */
export const SIZES: Record<OrgSize, SizeProfile> = {
  tiny: {
    members: 5, teams: 2, workspaces: 2, folderDepth: 2, foldersPerWorkspace: 2, connections: 2,
    databases: 2, schemas: 2, datasets: 2, dataModels: 2, workbooks: 3, pages: [1, 3], elementsPerPage: [3, 6],
  },
  small: {
    members: 40, teams: 5, workspaces: 4, folderDepth: 2, foldersPerWorkspace: 4, connections: 5,
    databases: 2, schemas: 3, datasets: 5, dataModels: 8, workbooks: 25, pages: [1, 5], elementsPerPage: [2, 8],
  },
  medium: {
    members: 450, teams: 20, workspaces: 12, folderDepth: 3, foldersPerWorkspace: 8, connections: 8,
    databases: 2, schemas: 4, datasets: 30, dataModels: 40, workbooks: 300, pages: [1, 7], elementsPerPage: [2, 8],
  },
  large: {
    members: 3000, teams: 60, workspaces: 40, folderDepth: 3, foldersPerWorkspace: 12, connections: 12,
    databases: 3, schemas: 5, datasets: 100, dataModels: 200, workbooks: 2000, pages: [1, 7], elementsPerPage: [2, 8],
  },
  xl: {
    members: 10000, teams: 150, workspaces: 100, folderDepth: 4, foldersPerWorkspace: 16, connections: 20,
    databases: 3, schemas: 6, datasets: 300, dataModels: 800, workbooks: 10000, pages: [1, 7], elementsPerPage: [2, 8],
  },
};

/** True when `s` names a size. */
export function isOrgSize(s: string): s is OrgSize {
  return Object.hasOwn(SIZES, s);
}
