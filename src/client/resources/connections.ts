/** Connections, warehouse paths and table columns (sigma-api-facts §5.8). */
import { ENDPOINTS } from "../../api/endpoints.js";
import type { Connection, ConnectionLookup, ConnectionPath, ConnectionPathEntry, TableColumn } from "../../schemas/index.js";
import { callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
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
    return listEndpoint(this.client, ENDPOINTS.listConnections, {}, { query, signal });
  }

  /** `GET /v2/connections/{connectionId}`. */
  get(connectionId: string, options: CallOptions = {}): Promise<Connection> {
    return callEndpoint(this.client, ENDPOINTS.getConnection, { connectionId }, options);
  }

  /** `GET /v2/connections/paths`: every table's warehouse path, optionally for one connection. */
  paths(params: CallOptions & { connectionId?: string } = {}): Paginated<ConnectionPathEntry> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listConnectionPaths, {}, { query, signal });
  }

  /** `GET /v2/connections/paths/{inodeId}`: the warehouse path of one table. */
  pathOf(inodeId: string, options: CallOptions = {}): Promise<ConnectionPath> {
    return callEndpoint(this.client, ENDPOINTS.getConnectionPath, { inodeId }, options);
  }

  /**
   * `POST /v2/connection/{connectionId}/lookup` (singular `connection`) `{path}`: resolves a
   * warehouse path to an inode. A read despite the POST, so it is retried like a GET.
   */
  lookup(connectionId: string, warehousePath: readonly string[], options: CallOptions = {}): Promise<ConnectionLookup> {
    return callEndpoint(this.client, ENDPOINTS.lookupConnection, { connectionId }, { body: { path: warehousePath }, signal: options.signal });
  }

  /**
   * `POST /v2/connections/{connectionId}/sync` `{path}`: makes Sigma re-read the warehouse
   * there. It starts work on Sigma, so, like a materialization trigger, it is retried only when
   * provably nothing started: a 429 refusal, or a request that never reached Sigma.
   */
  async sync(connectionId: string, options: ConnectionSyncOptions = {}): Promise<void> {
    const { signal, path: warehousePath = [], useServiceAccount } = options;
    // The document requires `path`; `[]` is its way of saying "the whole connection".
    await callEndpoint(this.client, ENDPOINTS.syncConnection, { connectionId }, { query: { useServiceAccount }, body: { path: warehousePath }, signal });
  }

  /** `GET /v2/connections/tables/{tableId}/columns` (token-paginated). */
  tableColumns(tableId: string, options: CallOptions = {}): Paginated<TableColumn> {
    return listEndpoint(this.client, ENDPOINTS.listTableColumns, { tableId }, options);
  }
}
