/**
 * Connection-path enrichment of table sources, as castor does it: every `type: "table"`
 * source gets `connectionId` and `path` ([db, schema, table]) from
 * `GET /v2/connections/paths/{tableId}`. Each distinct table is asked once per run, however
 * many documents use it (the answer is memoized, failures included).
 */
import type { SigmaClient } from "../client/index.js";
import { connectionPath } from "./endpoints.js";
import type { RawObject } from "./endpoints.js";

/** The memoized lookup of table paths. */
export class ConnectionPaths {
  #cache = new Map<string, Promise<RawObject>>();
  #client: SigmaClient;

  constructor(client: SigmaClient) {
    this.#client = client;
  }

  /** Distinct tables asked so far. */
  get size(): number {
    return this.#cache.size;
  }

  /** `{connectionId, path}` of a table (rejects with the API error, every time it is asked). */
  lookup(tableId: string): Promise<RawObject> {
    let p = this.#cache.get(tableId);
    if (!p) {
      p = connectionPath(this.#client, tableId);
      // The rejection is handled by each caller; this only keeps Node from flagging it unhandled.
      p.catch(() => undefined);
      this.#cache.set(tableId, p);
    }
    return p;
  }
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
          info = await paths.lookup(tableId);
        } catch (err) {
          onError(err, tableId);
        }
      }
      return { ...src, connectionId: info?.connectionId ?? null, path: info?.path ?? null };
    }),
  );
}
