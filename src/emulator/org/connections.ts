/**
 * Connections of several warehouse kinds, their databases and schemas (scopes), and tables
 * with columns. Tables are also files of type "table" whose path is `<Connection>/<DB>/<SCHEMA>`.
 */
import type { ConnectionDoc as Connection, SigmaFileDoc as SigmaFile } from "../../schemas/index.js";
import { TYPE_OBJECTS, type GenContext } from "./context.js";
import { makeFile } from "./files.js";
import { friendlyLabel, UniqueNamer } from "./names.js";
import type { Rng } from "./rng.js";
import { createdUpdated, iso } from "./time.js";
import type { WarehouseScope, WarehouseTable } from "./types.js";
import { CONNECTION_KINDS, CONNECTION_PURPOSES, DATABASE_NAMES, SCHEMA_NAMES, SCHEMA_TABLES, type ColumnKind } from "./warehouse-vocab.js";

/** A column as the generator propagates it downstream. */
export interface ColumnDef {
  label: string;
  kind: ColumnKind;
  /** SQL expression selecting it from the root relation (`q1.ORDER_ID`). */
  sql: string;
}

/** A table plus what downstream generators need to reference it. */
export interface TableInfo {
  rec: WarehouseTable;
  name: string;
  /** The schema-level template name (ORDERS), shared by the same table in other databases. */
  template: string;
  connection: Connection;
  /** Dialect-quoted fully qualified name used in SQL. */
  qualified: string;
  columns: ColumnDef[];
  /** Warehouse column names, parallel to `columns`. */
  columnNames: string[];
}

/** Connections, scopes, tables and table files. */
export interface Warehouse {
  connections: Connection[];
  scopes: WarehouseScope[];
  tables: TableInfo[];
  files: SigmaFile[];
}

// Per-dialect casing of identifiers and quoting of the qualified name.
function casing(type: string, slug: string) {
  const upper = type === "snowflake";
  return {
    db: (db: string) => (type === "bigQuery" ? `${slug}-${db.toLowerCase().replace(/_/g, "-")}` : upper ? db : db.toLowerCase()),
    id: (s: string) => (upper ? s : s.toLowerCase()),
    qualify: (parts: string[]) => (type === "bigQuery" ? `\`${parts.join(".")}\`` : parts.join(".")),
  };
}

/** Builds every connection with its databases, schemas and tables. */
export function buildWarehouse(ctx: GenContext): Warehouse {
  const rng = ctx.stream("warehouse");
  const names = new UniqueNamer();
  const out: Warehouse = { connections: [], scopes: [], tables: [], files: [] };
  for (let c = 0; c < ctx.size.connections; c++) {
    const kind = CONNECTION_KINDS[c % CONNECTION_KINDS.length]!;
    const name = names.name(`${kind.label} ${CONNECTION_PURPOSES[(c + rng.int(0, 2)) % CONNECTION_PURPOSES.length]}`);
    const owner = rng.pick(ctx.authors);
    const t = createdUpdated(rng, 1300);
    const conn: Connection = {
      organizationId: ctx.organizationId,
      connectionId: ctx.ids.uuid(),
      isSample: false,
      isAuditLog: false,
      lastActiveAt: iso(t.updatedMs),
      name,
      type: kind.type,
      useOauth: kind.type === "databricks" && rng.chance(0.5),
      createdBy: owner,
      updatedBy: owner,
      createdAt: iso(t.createdMs),
      updatedAt: iso(t.updatedMs),
      isArchived: false,
      timeout: { default: rng.pick([120, 300, 600]) },
      writeAccess: rng.chance(0.5),
      friendlyName: true,
    };
    if (kind.type === "snowflake") {
      conn.account = `${ctx.orgSlug.replace(/-/g, "_")}.us-east-1`;
      conn.warehouse = rng.pick(["SIGMA_WH", "BI_WH", "ANALYTICS_WH"]);
      conn.user = "SIGMA_SERVICE";
      conn.role = rng.pick(["SIGMA_ROLE", "ANALYST"]);
    }
    out.connections.push(conn);
    addDatabases(ctx, rng, conn, c, t.createdMs, out);
  }
  return out;
}

function addDatabases(ctx: GenContext, rng: Rng, conn: Connection, index: number, createdMs: number, out: Warehouse): void {
  const cs = casing(conn.type, ctx.orgSlug);
  // Every database of a connection shares the "home" schema, so same-shaped tables exist for unions.
  const home = SCHEMA_NAMES[index % SCHEMA_NAMES.length]!;
  for (const dbBase of rng.sample(DATABASE_NAMES, ctx.size.databases)) {
    const db = cs.db(dbBase);
    out.scopes.push({ inodeId: "", urlId: "", connectionId: conn.connectionId, path: [db] });
    const dbScope = out.scopes[out.scopes.length - 1]!;
    dbScope.inodeId = dbScope.urlId = ctx.ids.urlId();
    const others = rng.sample(SCHEMA_NAMES.filter((s) => s !== home), ctx.size.schemas - 1);
    for (const schemaBase of [home, ...others]) {
      const schema = cs.id(schemaBase);
      const scopeId = ctx.ids.urlId();
      out.scopes.push({ inodeId: scopeId, urlId: scopeId, connectionId: conn.connectionId, path: [db, schema] });
      const templates = SCHEMA_TABLES[schemaBase]!;
      const chosen = schemaBase === home ? templates : rng.sample(templates, rng.int(2, templates.length));
      for (const tpl of chosen) {
        const tableName = cs.id(tpl.name);
        const inodeId = ctx.ids.urlId();
        const columnNames = tpl.columns.map(([n]) => cs.id(n));
        const rec: WarehouseTable = {
          inodeId,
          urlId: inodeId,
          connectionId: conn.connectionId,
          path: [db, schema, tableName],
          columns: tpl.columns.map(([, k], i) => {
            const col = { name: columnNames[i]!, type: TYPE_OBJECTS[k], visibility: rng.chance(0.04) ? "hidden" : "included" };
            return rng.chance(0.2) ? { ...col, description: `${friendlyLabel(columnNames[i]!)} of the ${tpl.name.toLowerCase()} record` } : col;
          }),
        };
        out.tables.push({
          rec,
          name: tableName,
          template: tpl.name,
          connection: conn,
          qualified: cs.qualify(rec.path),
          columns: tpl.columns.map(([, k], i) => ({ label: friendlyLabel(columnNames[i]!), kind: k, sql: `q1.${columnNames[i]}` })),
          columnNames,
        });
        const t = createdUpdated(rng, 900, createdMs);
        out.files.push(
          makeFile({
            id: inodeId, urlId: inodeId, name: tableName, type: "table", parent: { id: scopeId, urlId: scopeId },
            path: `${conn.name}/${db}/${schema}`, ownerId: null, createdBy: conn.createdBy, updatedBy: conn.createdBy,
            createdMs: t.createdMs, updatedMs: t.updatedMs, permission: "view",
          }),
        );
      }
    }
  }
}
