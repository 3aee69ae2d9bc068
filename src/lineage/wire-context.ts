/**
 * What the wiring steps share: the graph under construction, the catalog of references, the
 * run's rows, counters for the notes, and the nodes several steps create (data-model
 * elements, custom SQL), so each is made one way.
 */
import type { Catalog } from "./catalog.js";
import type { GraphBuilder } from "./graph-builder.js";
import type { Extraction } from "./load.js";
import { str } from "./run-files.js";
import type { Row } from "./run-files.js";

/** Counters of the compromises made, reported as notes. */
export interface WireStats {
  /** Element → data-model links made at document level (which element of the model is unknown). */
  dataModelDocLinks: number;
  /** Source ids no file explains. */
  unresolved: number;
  /** Source types lineage does not model (csv uploads, semantic views, ...), with counts. */
  unsupported: Map<string, number>;
  /** Custom SQL names that matched no known table of their connection and were not fully qualified. */
  sqlUnmatched: number;
}

const SQL_EXCERPT = 60;

/** A short one-line excerpt of a SQL text. */
export function sqlExcerpt(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length <= SQL_EXCERPT ? flat : `${flat.slice(0, SQL_EXCERPT - 1)}…`;
}

/** State shared by the wiring steps. */
export class WireContext {
  readonly stats: WireStats = { dataModelDocLinks: 0, unresolved: 0, unsupported: new Map(), sqlUnmatched: 0 };
  /** Custom SQL node id → the SQL and its connection (for the table pass). */
  readonly customSql = new Map<string, { connectionId: string | undefined; definition: string }>();
  readonly #dmElementRows = new Map<string, Row>();

  constructor(
    readonly graph: GraphBuilder,
    readonly catalog: Catalog,
    readonly x: Extraction,
  ) {
    for (const [dm, rows] of x.dmElements) {
      for (const r of rows) {
        const el = str(r.elementId);
        if (el !== undefined) this.#dmElementRows.set(`${dm}/${el}`, r);
      }
    }
  }

  /** The data model's node (added if needed). */
  dataModel(dmId: string): string {
    return this.graph.node(this.catalog.dataModelNode(dmId));
  }

  /** The node of element `elementId` of data model `dmId`, with its edge into the data model. */
  dataModelElement(dmId: string, elementId: string): string {
    const doc = this.dataModel(dmId);
    const row = this.#dmElementRows.get(`${dmId}/${elementId}`);
    const dmName = this.catalog.dataModelName(dmId);
    const name = str(row?.name) ?? elementId;
    const type = str(row?.type);
    const id = this.graph.node({
      id: `datamodel-element:${dmId}/${elementId}`,
      kind: "datamodel-element",
      name,
      label: `${dmName} / ${name}`,
      sigmaId: elementId,
      parent: doc,
      ...(type !== undefined ? { elementType: type } : {}),
      ...(row === undefined ? { inferred: true } : {}),
    });
    this.graph.edge(id, doc, "element", "contains");
    return id;
  }

  /** Ids of the elements of data model `dmId` that the run lists under `name`, in list order. */
  dataModelElementsNamed(dmId: string, name: string): string[] {
    const out: string[] = [];
    for (const r of this.x.dmElements.get(dmId) ?? []) {
      const el = str(r.elementId);
      if (el !== undefined && str(r.name) === name && !out.includes(el)) out.push(el);
    }
    return out;
  }

  /** True when the run lists element `elementId` of data model `dmId`. */
  hasDataModelElement(dmId: string, elementId: string): boolean {
    return this.#dmElementRows.has(`${dmId}/${elementId}`);
  }

  /** The node of a document's custom SQL source. */
  customSqlNode(docNode: string, docName: string, docId: string, source: Row): string | undefined {
    const sqlId = str(source.customSqlId);
    const definition = typeof source.definition === "string" ? source.definition : "";
    if (sqlId === undefined) return undefined;
    const connectionId = str(source.connectionId);
    const conn = connectionId === undefined ? undefined : this.catalog.connections.get(connectionId);
    const name = definition === "" ? "Custom SQL" : sqlExcerpt(definition);
    const id = this.graph.node({
      id: `custom-sql:${docId}/${sqlId}`,
      kind: "custom-sql",
      name,
      label: `${docName} / Custom SQL: ${name}`,
      sigmaId: sqlId,
      parent: docNode,
      ...(connectionId !== undefined ? { connectionId } : {}),
      ...(conn !== undefined ? { connection: conn } : {}),
      ...(definition !== "" ? { definition } : {}),
    });
    this.customSql.set(id, { connectionId, definition });
    return id;
  }

  /** Counts a source type lineage does not model. */
  unsupported(type: unknown): void {
    const t = typeof type === "string" ? type : "unknown";
    this.stats.unsupported.set(t, (this.stats.unsupported.get(t) ?? 0) + 1);
  }
}
