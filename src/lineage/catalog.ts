/**
 * What every reference can resolve to, gathered from the whole run before any edge is drawn:
 * warehouse tables by inode (with the connection and path the extractor added to table
 * sources and lineage entries, or from `files` rows of type table), datasets by id and by
 * inode, data models by id and url id (`dataModelUrlId`, `urlId` or the url's last segment),
 * connection names, and the names Sigma gives data-model element nodes
 * (`<dataModelUrlId>/<suffix>`) in element-lineage graphs. Also builds the node of each, so a
 * table has one id whichever file names it.
 */
import type { LineageGraphNode } from "./model.js";
import type { Extraction } from "./load.js";
import { str, strings } from "./run-files.js";
import type { Row } from "./run-files.js";

interface TableInfo {
  connectionId?: string;
  path?: string[];
  name?: string;
}

interface DocInfo {
  id: string;
  name: string;
  urlId?: string;
  url?: string;
  inferred: boolean;
}

/** `id` without Sigma's `inode-` prefix (the sigma id scheme writes tables and datasets so in lineage). */
export function bareInode(id: string): string {
  return id.startsWith("inode-") ? id.slice("inode-".length) : id;
}

/** The last path segment of a URL (a dataset's inode), or undefined. */
function lastSegment(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const seg = url.replace(/[?#].*$/, "").replace(/\/+$/, "").split("/").pop();
  return seg === "" ? undefined : seg;
}

/** The references of a run and the nodes they stand for. */
export class Catalog {
  readonly connections = new Map<string, string>();
  readonly #tables = new Map<string, TableInfo>();
  readonly #datasets = new Map<string, DocInfo>();
  readonly #datasetByInode = new Map<string, string>();
  readonly #dataModels = new Map<string, DocInfo>();
  readonly #dmByUrlId = new Map<string, string>();
  readonly #dmNodeNames = new Map<string, Set<string>>();

  constructor(x: Extraction) {
    for (const c of x.connections) {
      const id = str(c.connectionId);
      if (id !== undefined) this.connections.set(id, str(c.name) ?? id);
    }
    for (const d of x.datasets) {
      const id = str(d.datasetId);
      if (id === undefined) continue;
      const inode = lastSegment(str(d.url));
      this.#datasets.set(id, { id, name: str(d.name) ?? id, url: str(d.url), urlId: inode, inferred: false });
      if (inode !== undefined) this.#datasetByInode.set(inode, id);
    }
    for (const d of x.dataModels) {
      const id = str(d.dataModelId);
      if (id === undefined) continue;
      // Real list bodies may carry `urlId` instead of `dataModelUrlId`; the url ends with it too.
      const urlId = str(d.dataModelUrlId) ?? str(d.urlId);
      this.#dataModels.set(id, { id, name: str(d.name) ?? id, urlId, url: str(d.url), inferred: false });
      for (const u of [urlId, str(d.urlId), lastSegment(str(d.url))]) if (u !== undefined && !this.#dmByUrlId.has(u)) this.#dmByUrlId.set(u, id);
    }
    // Table sources carry connection and path; lineage entries only a name. Sources first.
    for (const kind of ["datamodel", "dataset", "workbook"] as const) {
      for (const list of x.sources[kind].values()) {
        for (const s of list) {
          if (s.type === "table") this.#addTable(str(s.inodeId) ?? str(s.tableId), s);
          else if (s.type === "data-model") this.#noteDataModel(str(s.dataModelId), undefined);
          else if (s.type === "dataset") this.#noteDataset(str(s.datasetId), str(s.inodeId) ?? lastSegment(str(s.url)), undefined);
        }
      }
    }
    for (const kind of ["datamodel", "workbook"] as const) {
      for (const list of x.lineage[kind].values()) {
        for (const e of list) {
          // Which id field an entry carries tells the variant; `type` words drift in real bodies,
          // and an inode is a dataset when the run lists that dataset.
          const inode = str(e.inodeId);
          const kind =
            str(e.elementId) !== undefined ? "element"
            : str(e.dataModelId) !== undefined ? "data-model"
            : inode !== undefined ? (e.type === "dataset" || this.#datasetByInode.has(inode) ? "dataset" : "table")
            : e.type;
          if (kind === "table") this.#addTable(inode, e);
          else if (kind === "data-model") {
            // Should an entry name a data-model element the way `sourceIds` do, keep its name.
            const id = str(e.dataModelId);
            if (id !== undefined && this.dataModelOfNode(id) !== undefined) this.#noteNodeName(id, str(e.name));
            else this.#noteDataModel(id, str(e.name));
          } else if (kind === "dataset") this.#noteDataset(undefined, inode, str(e.name));
        }
      }
    }
    // Element-lineage graphs name data-model element nodes after the element.
    for (const g of x.elementGraphs.values()) {
      if (g.dependencies === null || typeof g.dependencies !== "object") continue;
      for (const [key, d] of Object.entries(g.dependencies as Record<string, Row>)) {
        // A data-model element node is known by its id (`<dataModelUrlId>/<suffix>`), not its drifting type word.
        if (d === null || typeof d !== "object" || str(d.elementId) !== undefined) continue;
        const nodeId = str(d.nodeId) ?? key;
        if (this.dataModelOfNode(nodeId) !== undefined) this.#noteNodeName(nodeId, str(d.name));
      }
    }
    // Table files last: the connection paths of sources and lineage entries come first.
    for (const f of x.files) if (f.type === "table") this.#addTableFile(f);
  }

  #noteNodeName(nodeId: string, name: string | undefined): void {
    if (name === undefined) return;
    const set = this.#dmNodeNames.get(nodeId) ?? new Set<string>();
    set.add(name);
    this.#dmNodeNames.set(nodeId, set);
  }

  // A table file's `path` is `[<connection>/]<database>/<schema>` and its name the table's.
  #addTableFile(f: Row): void {
    const inode = str(f.id) ?? str(f.urlId);
    const name = str(f.name);
    const segs = (str(f.path) ?? "").split("/").filter((s) => s !== "");
    if (inode === undefined || name === undefined) return;
    const t = this.#tables.get(inode) ?? {};
    t.name ??= name;
    if (t.path === undefined && segs.length >= 2) t.path = [segs[segs.length - 2]!, segs[segs.length - 1]!, name];
    if (t.connectionId === undefined && segs.length >= 3) {
      const byName = [...this.connections].filter(([, n]) => n === segs[0]).map(([id]) => id);
      if (byName.length === 1) t.connectionId = byName[0];
    }
    this.#tables.set(inode, t);
  }

  #addTable(inode: string | undefined, row: Row): void {
    if (inode === undefined) return;
    const t = this.#tables.get(inode) ?? {};
    const path = strings(row.path);
    if (t.path === undefined && path.length > 0) t.path = path;
    t.connectionId ??= str(row.connectionId);
    // A lineage entry's name is the table's own name (`ORDERS`).
    if (row.type === "table" && row.path === undefined) t.name ??= str(row.name);
    this.#tables.set(inode, t);
  }

  #noteDataModel(id: string | undefined, name: string | undefined): void {
    if (id === undefined) return;
    const known = this.#dataModels.get(id);
    if (known === undefined) this.#dataModels.set(id, { id, name: name ?? id, inferred: true });
    else if (known.inferred && name !== undefined && known.name === id) known.name = name;
  }

  #noteDataset(datasetId: string | undefined, inode: string | undefined, name: string | undefined): void {
    const id = datasetId ?? (inode !== undefined ? this.#datasetByInode.get(inode) : undefined) ?? inode;
    if (id === undefined) return;
    const known = this.#datasets.get(id);
    if (known === undefined) {
      this.#datasets.set(id, { id, name: name ?? id, urlId: inode, inferred: true });
      if (inode !== undefined) this.#datasetByInode.set(inode, id);
    } else if (known.inferred && name !== undefined && known.name === id) known.name = name;
  }

  /**
   * The data model a Sigma data-model element node id (`<dataModelUrlId>/<suffix>`) belongs
   * to, or undefined when `id` is not of that shape or names no known data model.
   */
  dataModelOfNode(id: string): string | undefined {
    const slash = id.indexOf("/");
    if (slash <= 0 || slash === id.length - 1 || id.startsWith("inode-")) return undefined;
    return this.#dmByUrlId.get(id.slice(0, slash));
  }

  /** The data-model element name(s) the run's files give node `nodeId` (usually one). */
  dataModelNodeNames(nodeId: string): string[] {
    return [...(this.#dmNodeNames.get(nodeId) ?? [])];
  }

  /** True when `inode` is a known warehouse table. */
  isTable(inode: string): boolean {
    return this.#tables.has(inode);
  }

  /** The node of the table with this inode. */
  tableNode(inode: string): LineageGraphNode {
    const t = this.#tables.get(inode) ?? {};
    if (t.connectionId !== undefined && t.path !== undefined) {
      const node = this.tableNodeAt(t.connectionId, t.path, false);
      node.sigmaId = inode;
      return node;
    }
    const name = t.name ?? inode;
    const conn = t.connectionId === undefined ? undefined : this.connections.get(t.connectionId);
    return {
      id: `table:${inode}`,
      kind: "table",
      name,
      label: `${conn ?? t.connectionId ?? "?"}/${name}`,
      sigmaId: inode,
      ...(t.connectionId !== undefined ? { connectionId: t.connectionId } : {}),
      ...(conn !== undefined ? { connection: conn } : {}),
    };
  }

  /** The node of the table at `path` of a connection (`inferred` when no source lists it). */
  tableNodeAt(connectionId: string, path: string[], inferred: boolean): LineageGraphNode {
    const name = path.join(".");
    const conn = this.connections.get(connectionId);
    return {
      id: `table:${connectionId}/${name}`,
      kind: "table",
      name,
      label: `${conn ?? connectionId}/${name}`,
      connectionId,
      ...(conn !== undefined ? { connection: conn } : {}),
      path: [...path],
      ...(inferred ? { inferred: true } : {}),
    };
  }

  /** Every known table with a path: `[inode, connectionId, path]`. */
  *tablesWithPath(): Generator<[string, string, string[]]> {
    // One inode per table: a table known under two ids (file id and url id) is listed once.
    const seen = new Set<string>();
    for (const [inode, t] of this.#tables) {
      if (t.connectionId === undefined || t.path === undefined) continue;
      const key = `${t.connectionId}/${t.path.join(".")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield [inode, t.connectionId, t.path];
    }
  }

  /** The dataset id for a dataset id or inode, if known. */
  datasetId(idOrInode: string): string | undefined {
    return this.#datasets.has(idOrInode) ? idOrInode : this.#datasetByInode.get(idOrInode);
  }

  /** Every known dataset id. */
  datasetIds(): string[] {
    return [...this.#datasets.keys()];
  }

  /** The node of a known dataset. */
  datasetNode(id: string): LineageGraphNode {
    const d = this.#datasets.get(id) ?? { id, name: id, inferred: true };
    return docNode("dataset", d);
  }

  /** The data-model id for a data-model id or url id, if known. */
  dataModelId(idOrUrlId: string): string | undefined {
    return this.#dataModels.has(idOrUrlId) ? idOrUrlId : this.#dmByUrlId.get(idOrUrlId);
  }

  /** Every known data-model id. */
  dataModelIds(): string[] {
    return [...this.#dataModels.keys()];
  }

  /** The node of a known data model. */
  dataModelNode(id: string): LineageGraphNode {
    const d = this.#dataModels.get(id) ?? { id, name: id, inferred: true };
    return docNode("datamodel", d);
  }

  /** A data model's name (its id when unknown). */
  dataModelName(id: string): string {
    return this.#dataModels.get(id)?.name ?? id;
  }
}

function docNode(kind: "dataset" | "datamodel", d: DocInfo): LineageGraphNode {
  return {
    id: `${kind}:${d.id}`,
    kind,
    name: d.name,
    label: d.name,
    sigmaId: d.id,
    ...(d.urlId !== undefined ? { urlId: d.urlId } : {}),
    ...(d.url !== undefined ? { url: d.url } : {}),
    ...(d.inferred ? { inferred: true } : {}),
  };
}
