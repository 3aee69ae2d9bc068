/** Connection payloads: connections, table paths, path lookup and table columns. */
import { z } from "zod";
import { ColumnTypeSchema } from "./common.js";

/** A warehouse connection (`GET /v2/connections`, `GET /v2/connections/{connectionId}`); selected optional fields. */
export const ConnectionSchema = z.looseObject({
  organizationId: z.string(),
  connectionId: z.string(),
  isSample: z.boolean(),
  isAuditLog: z.boolean(),
  lastActiveAt: z.string(),
  name: z.string(),
  /** Warehouse kind, e.g. "snowflake", "bigQuery". */
  type: z.string(),
  useOauth: z.boolean(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  isArchived: z.boolean().optional(),
  account: z.string().optional(),
  warehouse: z.string().optional(),
  user: z.string().optional(),
  role: z.string().optional(),
  timeout: z
    .looseObject({
      default: z.number(),
      worksheet: z.number().optional(),
      dashboard: z.number().optional(),
      download: z.number().optional(),
    })
    .optional(),
  writeAccess: z.boolean().optional(),
  friendlyName: z.boolean().optional(),
  materializationWarehouse: z.string().optional(),
  exportsWarehouse: z.string().optional(),
});
/** A warehouse connection. */
export type Connection = z.infer<typeof ConnectionSchema>;

/** Response of `GET /v2/connections/paths/{inodeId}`: a table's path, e.g. ["DB", "SCHEMA", "TABLE"]. */
export const ConnectionPathSchema = z.looseObject({
  connectionId: z.string(),
  path: z.array(z.string()),
});
/** A table's connection path. */
export type ConnectionPath = z.infer<typeof ConnectionPathSchema>;

/** One entry of `GET /v2/connections/paths`: a table (`urlId`) and its path. */
export const ConnectionPathEntrySchema = z.looseObject({
  connectionId: z.string(),
  urlId: z.string(),
  path: z.array(z.string()),
});
/** One entry of the connection path list. */
export type ConnectionPathEntry = z.infer<typeof ConnectionPathEntrySchema>;

/**
 * Response of `POST /v2/connection/{connectionId}/lookup` (singular `connection`).
 * `kind` is scope | table | semanticView | metricView | stored-procedure (open);
 * the last segment of `url` is the table inode used in column ids.
 */
export const ConnectionLookupSchema = z.looseObject({
  kind: z.string(),
  inodeId: z.string(),
  url: z.string(),
});
/** Result of a connection path lookup. */
export type ConnectionLookup = z.infer<typeof ConnectionLookupSchema>;

/** One entry of `GET /v2/connections/tables/{tableId}/columns` (token-paginated). */
export const TableColumnSchema = z.looseObject({
  name: z.string(),
  type: ColumnTypeSchema,
  /** included | hidden | removed (open). */
  visibility: z.string(),
  description: z.string().optional(),
});
/** A warehouse table column. */
export type TableColumn = z.infer<typeof TableColumnSchema>;
