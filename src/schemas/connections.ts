/** Connection payloads: connections, table paths, path lookup and table columns. */
import { z } from "zod";
import { ColumnTypeSchema } from "./common.js";
import { maybe } from "./reading.js";

/** A warehouse connection (`GET /v2/connections`, `GET /v2/connections/{connectionId}`) as sigmactl reads it. */
export const ConnectionSchema = z.looseObject({
  connectionId: z.string(),
  name: maybe(z.string()),
  /** Warehouse kind, e.g. "snowflake", "bigQuery". */
  type: maybe(z.string()),
  isArchived: maybe(z.boolean()),
});
/** A warehouse connection. */
export type Connection = z.infer<typeof ConnectionSchema>;

const WritebackDocSchema = z.strictObject({
  database: z.string(),
  schema: z.string(),
  writebackSchemaId: z.string().optional(),
  description: z.string().optional(),
});

/** A connection as Sigma's document describes it (every documented field). */
export const ConnectionDocSchema = z.strictObject({
  organizationId: z.string(),
  connectionId: z.string(),
  isSample: z.boolean(),
  isAuditLog: z.boolean(),
  lastActiveAt: z.string(),
  name: z.string(),
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
    .strictObject({
      default: z.number(),
      worksheet: z.number().optional(),
      dashboard: z.number().optional(),
      download: z.number().optional(),
    })
    .optional(),
  poolSizes: z
    .strictObject({
      isPoolConfigured: z.boolean().optional(),
      adhocPoolSize: z.number().optional(),
      catalogPoolSize: z.number().optional(),
      resultPoolSize: z.number().optional(),
      schedulePoolSize: z.number().optional(),
    })
    .optional(),
  writeAccess: z.boolean().optional(),
  friendlyName: z.boolean().optional(),
  writebacks: z.array(WritebackDocSchema).optional(),
  writebackSchemas: z.array(WritebackDocSchema).optional(),
  inputTableAuditLogSchema: z
    .strictObject({ database: z.string(), schema: z.string(), writebackSchemaId: z.string().optional() })
    .optional(),
  materializationWarehouse: z.string().optional(),
  exportsWarehouse: z.string().optional(),
  oauthMetadataUrl: z.string().optional(),
  oauthClientId: z.string().optional(),
  oauthScopes: z.array(z.string()).optional(),
  oauthIdpType: z
    .enum(["aws_databricks", "azure_databricks", "gcp_databricks", "azuread", "auth0", "adfs", "okta", "ping", "snowflake", "unknown"])
    .optional(),
  oauthUsePkce: z.boolean().nullable().optional(),
  oauthUseJwt: z.boolean().nullable().optional(),
  oauthAudience: z.string().optional(),
  isIndependentOAuth: z.boolean().optional(),
  userAttributes: z.strictObject({ role: z.string().optional(), warehouse: z.string().optional() }).optional(),
  roleSwitching: z.enum(["allRoles", "disabled"]).optional(),
});
/** A documented connection. */
export type ConnectionDoc = z.infer<typeof ConnectionDocSchema>;

/** Response of `GET /v2/connections/paths/{inodeId}`: a table's path, e.g. ["DB", "SCHEMA", "TABLE"]. */
export const ConnectionPathSchema = z.looseObject({
  connectionId: maybe(z.string()),
  path: maybe(z.array(z.string())),
});
/** A table's connection path. */
export type ConnectionPath = z.infer<typeof ConnectionPathSchema>;

/** Documented response of `GET /v2/connections/paths/{inodeId}`. */
export const ConnectionPathDocSchema = z.strictObject({
  connectionId: z.string(),
  path: z.array(z.string()),
});
/** A documented table path. */
export type ConnectionPathDoc = z.infer<typeof ConnectionPathDocSchema>;

/** One entry of `GET /v2/connections/paths`: a table (`urlId`) and its path. */
export const ConnectionPathEntrySchema = z.looseObject({
  urlId: z.string(),
  connectionId: maybe(z.string()),
  path: maybe(z.array(z.string())),
});
/** One entry of the connection path list. */
export type ConnectionPathEntry = z.infer<typeof ConnectionPathEntrySchema>;

/** A documented entry of the connection path list. */
export const ConnectionPathEntryDocSchema = z.strictObject({
  connectionId: z.string(),
  urlId: z.string(),
  path: z.array(z.string()),
});
/** A documented entry of the connection path list. */
export type ConnectionPathEntryDoc = z.infer<typeof ConnectionPathEntryDocSchema>;

/**
 * Response of `POST /v2/connection/{connectionId}/lookup` (singular `connection`).
 * `kind` is scope | table | semanticView | metricView | stored-procedure (open here);
 * the last segment of `url` is the table inode used in column ids.
 */
export const ConnectionLookupSchema = z.looseObject({
  inodeId: z.string(),
  kind: maybe(z.string()),
  url: maybe(z.string()),
});
/** Result of a connection path lookup. */
export type ConnectionLookup = z.infer<typeof ConnectionLookupSchema>;

/** Documented response of a connection path lookup. */
export const ConnectionLookupDocSchema = z.strictObject({
  kind: z.enum(["scope", "table", "semanticView", "metricView", "stored-procedure"]),
  inodeId: z.string(),
  url: z.string(),
});
/** A documented connection path lookup. */
export type ConnectionLookupDoc = z.infer<typeof ConnectionLookupDocSchema>;

/** One entry of `GET /v2/connections/tables/{tableId}/columns` (token-paginated). */
export const TableColumnSchema = z.looseObject({
  name: z.string(),
  type: maybe(ColumnTypeSchema),
  /** included | hidden | removed (open here). */
  visibility: maybe(z.string()),
  description: maybe(z.string()),
});
/** A warehouse table column. */
export type TableColumn = z.infer<typeof TableColumnSchema>;

/** A documented warehouse table column. */
export const TableColumnDocSchema = z.strictObject({
  name: z.string(),
  type: ColumnTypeSchema,
  visibility: z.enum(["included", "hidden", "removed"]),
  description: z.string().optional(),
});
/** A documented warehouse table column (`visibility` typed as a string, as for files). */
export type TableColumnDoc = Omit<z.infer<typeof TableColumnDocSchema>, "visibility"> & { visibility: string };
