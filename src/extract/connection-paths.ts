/**
 * Connection-path enrichment of table sources, as castor does it: every `type: "table"`
 * source gets `connectionId` and `path` ([db, schema, table]) from
 * `GET /v2/connections/paths/{tableId}`. Each distinct table is asked once per run, however
 * many documents use it (the answer is memoized, failures included).
 *
 * Sigma's lineage `table` entries carry an `inodeId` that is a file id (sigma-api-facts §5.2): when
 * the connection path of a table cannot be had (a 4xx), `GET /v2/files/{id}` of its table file
 * gives the database and schema (`path` `<connection>/<db>/<schema>`) and the table's name.
 * Lineage `table` entries are enriched the same way, so a run read without its `*_sources`
 * still places every table.
 */
import type { SigmaClient } from "../client/index.js";
import { SigmaApiError } from "../errors.js";
import { connectionPath, tableFile } from "./endpoints.js";
import type { RawObject } from "./endpoints.js";

/** `[db, schema, table]` from a table file (`path` `[<connection>/]<db>/<schema>`, `name` the table), or undefined. */
export function tableFilePath(file: RawObject): string[] | undefined {
  const segs = typeof file.path === "string" ? file.path.split("/").filter((s) => s !== "") : [];
  if (file.type !== "table" || typeof file.name !== "string" || file.name === "" || segs.length < 2) return undefined;
  return [segs[segs.length - 2]!, segs[segs.length - 1]!, file.name];
}

/** The memoized lookup of table paths. */
export class ConnectionPaths {
  #cache = new Map<string, Promise<RawObject>>();
  #resolved = new Map<string, Promise<RawObject>>();
  #files = new Map<string, Promise<RawObject>>();
  #client: SigmaClient;

  constructor(client: SigmaClient) {
    this.#client = client;
  }

  /** Distinct tables asked so far (connection paths). */
  get size(): number {
    return this.#cache.size;
  }

  /** Distinct table files asked so far (tables whose connection path failed). */
  get filesAsked(): number {
    return this.#files.size;
  }

  /** `{connectionId, path}` of a table (rejects with the API error, every time it is asked). */
  lookup(tableId: string): Promise<RawObject> {
    return memo(this.#cache, tableId, () => connectionPath(this.#client, tableId));
  }

  /**
   * `{connectionId, path}` of a table: its connection path, else, when Sigma refuses that with
   * a 4xx, its table file's (`connectionId` null: a file names its connection, not its id).
   * Rejects with the connection-path error when neither answers.
   */
  resolve(tableId: string): Promise<RawObject> {
    return memo(this.#resolved, tableId, async () => {
      try {
        return await this.lookup(tableId);
      } catch (err) {
        if (!(err instanceof SigmaApiError) || err.status >= 500) throw err;
        let file: RawObject;
        try {
          file = await memo(this.#files, tableId, () => tableFile(this.#client, tableId));
        } catch {
          throw err; // the first failure says more (the table's own lookup)
        }
        const path = tableFilePath(file);
        if (path === undefined) throw err;
        return { connectionId: null, path };
      }
    });
  }
}

function memo(cache: Map<string, Promise<RawObject>>, key: string, make: () => Promise<RawObject>): Promise<RawObject> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    // The rejection is handled by each caller; this only keeps Node from flagging it unhandled.
    p.catch(() => undefined);
    cache.set(key, p);
  }
  return p;
}

/**
 * Adds `connectionId` and `path` to the table sources (key `tableKey` holds the table id:
 * `inodeId` for workbooks and datasets, `tableId` for data models). A failed lookup leaves
 * both null, as castor does, and is reported through `onError`.
 */
export async function enrichSources(
  sources: RawObject[],
  tableKey: "inodeId" | "tableId",
  paths: ConnectionPaths,
  onError: (err: unknown, tableId: string) => void,
): Promise<RawObject[]> {
  return Promise.all(
    sources.map(async (src) => {
      if (src.type !== "table") return src;
      const tableId = src[tableKey];
      let info: RawObject | undefined;
      if (typeof tableId === "string" && tableId !== "") {
        try {
          info = await paths.resolve(tableId);
        } catch (err) {
          onError(err, tableId);
        }
      }
      return { ...src, connectionId: info?.connectionId ?? null, path: info?.path ?? null };
    }),
  );
}

/**
 * Adds `path` to lineage `table` entries (and `connectionId` where the entry has none: real
 * entries may omit it). A failed lookup leaves `path` null and is reported through `onError`.
 */
export async function enrichLineageTables(
  entries: RawObject[],
  paths: ConnectionPaths,
  onError: (err: unknown, tableId: string) => void,
): Promise<RawObject[]> {
  return Promise.all(
    entries.map(async (e) => {
      if (e.type !== "table" || typeof e.inodeId !== "string" || e.inodeId === "") return e;
      let info: RawObject | undefined;
      try {
        info = await paths.resolve(e.inodeId);
      } catch (err) {
        onError(err, e.inodeId);
      }
      const connectionId = typeof e.connectionId === "string" && e.connectionId !== "" ? e.connectionId : (info?.connectionId ?? null);
      return { ...e, connectionId, path: info?.path ?? null };
    }),
  );
}
