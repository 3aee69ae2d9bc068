/**
 * What every reference can resolve to, gathered from the whole run before any edge is drawn:
 * warehouse tables by inode (with the connection and path the extractor added to table
 * sources), datasets by id and by inode, data models by id and url id, connection names. Also
 * builds the node of each, so a table has one id whichever file names it.
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
      const urlId = str(d.dataModelUrlId);
      this.#dataModels.set(id, { id, name: str(d.name) ?? id, urlId, url: str(d.url), inferred: false });
      if (urlId !== undefined) this.#dmByUrlId.set(urlId, id);
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
          if (e.type === "table") this.#addTable(str(e.inodeId), e);
          else if (e.type === "data-model") this.#noteDataModel(str(e.dataModelId), str(e.name));
          else if (e.type === "dataset") this.#noteDataset(undefined, str(e.inodeId), str(e.name));
        }
      }
    }
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
    for (const [inode, t] of this.#tables) if (t.connectionId !== undefined && t.path !== undefined) yield [inode, t.connectionId, t.path];
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
