/** Connections, warehouse paths and table columns (sigma-api-facts §5.8). */
import {
  ConnectionLookupSchema,
  ConnectionPathEntrySchema,
  ConnectionPathSchema,
  ConnectionSchema,
  TableColumnSchema,
  type Connection,
  type ConnectionLookup,
  type ConnectionPath,
  type ConnectionPathEntry,
  type TableColumn,
  ConnectionDocSchema,
  ConnectionPathEntryDocSchema,
  ConnectionPathDocSchema,
  ConnectionLookupDocSchema,
  TableColumnDocSchema,
} from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/connections`. */
export interface ConnectionListParams extends CallOptions {
  includeArchived?: boolean;
  search?: string;
}

/** Options of `connections.sync`. */
export interface ConnectionSyncOptions extends CallOptions {
  /** Warehouse path of a database, schema, table or stored procedure (e.g. `["DB", "SCHEMA"]`); omitted or `[]` = the whole connection. */
  path?: readonly string[];
  /** Sync with the connection's service account. */
  useServiceAccount?: boolean;
}

/** `client.connections`. */
export class Connections extends Resource {
  /** `GET /v2/connections`. */
  list(params: ConnectionListParams = {}): Paginated<Connection> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2/connections", { style: "page", itemSchema: ConnectionSchema, docSchema: ConnectionDocSchema, endpoint: "GET /v2/connections", query, signal });
  }

  /** `GET /v2/connections/{connectionId}`. */
  get(connectionId: string, options: CallOptions = {}): Promise<Connection> {
    return this.client.request({
      method: "GET",
      path: path`/v2/connections/${connectionId}`,
      endpoint: "GET /v2/connections/{connectionId}",
      schema: ConnectionSchema,
      docSchema: ConnectionDocSchema,
      ...options,
    });
  }

  /** `GET /v2/connections/paths`: every table's warehouse path, optionally for one connection. */
  paths(params: CallOptions & { connectionId?: string } = {}): Paginated<ConnectionPathEntry> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2/connections/paths", { style: "page", itemSchema: ConnectionPathEntrySchema, docSchema: ConnectionPathEntryDocSchema, endpoint: "GET /v2/connections/paths", query, signal });
  }

  /** `GET /v2/connections/paths/{inodeId}`: the warehouse path of one table. */
  pathOf(inodeId: string, options: CallOptions = {}): Promise<ConnectionPath> {
    return this.client.request({
      method: "GET",
      path: path`/v2/connections/paths/${inodeId}`,
      endpoint: "GET /v2/connections/paths/{inodeId}",
      schema: ConnectionPathSchema,
      docSchema: ConnectionPathDocSchema,
      ...options,
    });
  }

  /**
   * `POST /v2/connection/{connectionId}/lookup` (singular `connection`) `{path}`: resolves a
   * warehouse path to an inode. A read despite the POST, so it is retried like a GET.
   */
  lookup(connectionId: string, warehousePath: readonly string[], options: CallOptions = {}): Promise<ConnectionLookup> {
    return this.client.request({
      method: "POST",
      path: path`/v2/connection/${connectionId}/lookup`,
      body: { path: warehousePath },
      endpoint: "POST /v2/connection/{connectionId}/lookup",
      schema: ConnectionLookupSchema,
      docSchema: ConnectionLookupDocSchema,
      idempotent: true,
      ...options,
    });
  }

  /**
   * `POST /v2/connections/{connectionId}/sync` `{path}`: makes Sigma re-read the warehouse
   * there. It starts work on Sigma, so, like a materialization trigger, it is retried only when
   * provably nothing started: a 429 refusal, or a request that never reached Sigma.
   */
  async sync(connectionId: string, options: ConnectionSyncOptions = {}): Promise<void> {
    const { signal, path: warehousePath = [], useServiceAccount } = options;
    await this.client.request({
      method: "POST",
      path: path`/v2/connections/${connectionId}/sync`,
      query: { useServiceAccount },
      // The document requires `path`; `[]` is its way of saying "the whole connection".
      body: { path: warehousePath },
      idempotent: false,
      signal,
    });
  }

  /** `GET /v2/connections/tables/{tableId}/columns` (token-paginated). */
  tableColumns(tableId: string, options: CallOptions = {}): Paginated<TableColumn> {
    const p = path`/v2/connections/tables/${tableId}/columns`;
    return this.client.paginate(p, {
      style: "token",
      itemSchema: TableColumnSchema,
      docSchema: TableColumnDocSchema,
      endpoint: "GET /v2/connections/tables/{tableId}/columns",
      signal: options.signal,
    });
  }
}
