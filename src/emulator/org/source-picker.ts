/**
 * Chooses what a new data element reads from: a table, a join or union of tables, custom SQL,
 * a dataset or a data-model element. Falls back to a plain table when the asked kind has no
 * candidate, so callers can ask for any kind at any size.
 */
import type { TableInfo } from "./connections.js";
import { friendlyLabel } from "./names.js";
import type { IdFactory, Rng } from "./rng.js";
import type { DataModelInfo, DatasetInfo, Upstream } from "./upstream.js";

/** Kinds of upstream a caller may ask for. */
export type SourceKind = "table" | "dataset" | "data-model" | "custom-sql" | "join" | "union";

/** Everything an element may read from, indexed for picking. */
export interface Catalog {
  tables: TableInfo[];
  byConnection: Map<string, TableInfo[]>;
  /** Same-shaped tables of one connection (same schema template in several databases). */
  unionGroups: TableInfo[][];
  datasets: DatasetInfo[];
  dataModels: DataModelInfo[];
}

/** Indexes tables by connection and finds union candidates. */
export function createCatalog(tables: TableInfo[]): Catalog {
  const byConnection = new Map<string, TableInfo[]>();
  const groups = new Map<string, TableInfo[]>();
  for (const t of tables) {
    const cid = t.connection.connectionId;
    let list = byConnection.get(cid);
    if (!list) byConnection.set(cid, (list = []));
    list.push(t);
    const key = `${cid}|${t.rec.path[1]}|${t.template}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(t);
  }
  const unionGroups = [...groups.values()].filter((g) => g.length >= 2);
  return { tables, byConnection, unionGroups, datasets: [], dataModels: [] };
}

const JOIN_KEY = /(_ID|^REGION|^SKU)$/i;

// Join key: an id-like column two tables share.
function sharedKey(a: TableInfo, b: TableInfo): string | undefined {
  return b.columnNames.find((n) => JOIN_KEY.test(n) && a.columnNames.includes(n));
}

// Tables of the same connection `home` can join to, with the key; computed once per table.
const peerCache = new WeakMap<TableInfo, Array<{ table: TableInfo; key: string }>>();
function joinPeers(cat: Catalog, home: TableInfo): Array<{ table: TableInfo; key: string }> {
  let peers = peerCache.get(home);
  if (peers) return peers;
  peers = [];
  for (const t of cat.byConnection.get(home.connection.connectionId) ?? []) {
    const key = t.template === home.template ? undefined : sharedKey(home, t);
    if (key) peers.push({ table: t, key });
  }
  peerCache.set(home, peers);
  return peers;
}

/** Builds an upstream of the asked kind around `home` (a table of the caller's palette). */
export function pickUpstream(rng: Rng, ids: IdFactory, cat: Catalog, kind: SourceKind, home: TableInfo): Upstream {
  switch (kind) {
    case "dataset": {
      const live = cat.datasets.filter((d) => !d.rec.dataset.isArchived);
      if (live.length > 0) return { kind: "dataset", dataset: rng.pick(live) };
      break;
    }
    case "data-model": {
      const live = cat.dataModels.filter((d) => !d.rec.dataModel.isArchived && d.elements.length > 0);
      if (live.length > 0) {
        const dm = rng.pick(live);
        return { kind: "data-model", dm, element: rng.pick(dm.elements) };
      }
      break;
    }
    case "custom-sql":
      return customSql(rng, cat, home, ids);
    case "join": {
      const peers = joinPeers(cat, home);
      if (peers.length > 0) {
        const { table, key } = rng.pick(peers);
        return { kind: "join", left: home, right: table, key, nodeId: ids.shortId() };
      }
      break;
    }
    case "union": {
      const own = cat.unionGroups.filter((g) => g[0]!.connection === home.connection);
      const group = own.length > 0 ? rng.pick(own) : cat.unionGroups.length > 0 ? rng.pick(cat.unionGroups) : undefined;
      if (group) return { kind: "union", tables: rng.sample(group, 2), nodeId: ids.shortId() };
      break;
    }
    case "table":
      break;
  }
  return { kind: "table", table: home };
}

// Custom SQL naming real tables: a filtered select, or a join with a table sharing a key.
// Sigma keeps the SQL as its own hidden element; `customSqlId` is that element's id.
function customSql(rng: Rng, cat: Catalog, home: TableInfo, ids: IdFactory): Upstream {
  const peers = joinPeers(cat, home);
  const dateIdx = home.columns.findIndex((c) => c.kind === "datetime");
  const where = dateIdx >= 0 ? `\nwhere ${home.columnNames[dateIdx]} >= '2025-01-01'` : "";
  let definition = `select *\nfrom ${home.qualified}${where}`;
  const tables = [home];
  if (peers.length > 0 && rng.chance(0.4)) {
    const { table: other, key } = rng.pick(peers);
    definition = `select a.*\nfrom ${home.qualified} a\njoin ${other.qualified} b on a.${key} = b.${key}`;
    tables.push(other);
  }
  return {
    kind: "custom-sql",
    connectionId: home.connection.connectionId,
    definition,
    columns: home.columns,
    nodeId: ids.shortId(),
    customSqlId: ids.shortId(),
    topic: friendlyLabel(home.template),
    tables,
  };
}
