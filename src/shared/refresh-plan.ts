/**
 * The refresh plan: which materialization schedules a set of changed warehouse tables reaches
 * through lineage, in dependency order. A shared data contract (plain JSON): `src/lineage`
 * produces it (`planRefresh`), `src/materialize` runs it (`materialize(client, targets, { plan })`),
 * `sigmactl serve` stores and shows it. Jobs never import each other, so it lives here.
 */

/** One selected schedule. */
export interface PlannedSchedule {
  kind: "workbook" | "data-model" | "dataset";
  documentId: string;
  documentName?: string;
  /** The schedule's sheetId (for a dataset: its datasetId, which is what its run is keyed by). */
  sheetId: string;
  elementId?: string;
  elementName?: string;
  /** 1-based: 1 + the highest wave among the selected schedules it waits for. */
  wave: number;
  /**
   * The lineage path that selected it, human-readable, from the changed table to the
   * schedule's element (`["table ANALYTICS.MARTS.ORDERS", "data-model element Sales / Orders", ...]`).
   */
  because: string[];
  /** sheetIds of the selected schedules it must wait for (the nearest ones: no other selected schedule between). */
  upstream: string[];
  /** Paused in Sigma: left out unless paused schedules are included (the existing rule). */
  paused?: boolean;
}

/** A changed table the planner matched, and the tables of the org it stands for. */
export interface MatchedChange {
  /** As the user (or dbt) wrote it. */
  spec: string;
  /** Where it came from: `--affected-by`, a file name, `dbt`. */
  source: string;
  /** `connection/DB.SCHEMA.TABLE` of each table it matched. */
  tables: string[];
  /** The same tables as Sigma's connection id and `[db, schema, table]` (what a connection sync takes). */
  refs: Array<{ connectionId: string | null; path: string[] }>;
}

/** A node lineage reached downstream of the changed tables (what `sigmactl impact` lists). */
export interface ImpactedNode {
  id: string;
  kind: string;
  label: string;
  /** Hops from the nearest changed table. */
  depth: number;
}

/** What `planRefresh` returns. */
export interface RefreshPlan {
  version: 1;
  /** `schedules` grouped by wave (waves[0] is wave 1). */
  waves: PlannedSchedule[][];
  /** Every selected schedule, wave by wave. */
  schedules: PlannedSchedule[];
  /** Changed tables (as written) that matched no table the lineage knows. */
  unmatchedTables: string[];
  /** Each changed table and what it matched. */
  changes: MatchedChange[];
  /** Where the lineage came from: `live` (the API, with its cache) or the extraction directory. */
  lineageSource: string;
  /** What limited the plan (coarse lineage, unresolved ids, an incomplete extraction). */
  notes: string[];
  /** Requests the planner sent (0 for an extraction). */
  requests: number;
  /** Documents and elements reached downstream (tables excluded), nearest first. */
  reached: ImpactedNode[];
}

/** The sheetIds of a plan's schedules that are paused. */
export function pausedSheets(plan: RefreshPlan): string[] {
  return plan.schedules.filter((s) => s.paused === true).map((s) => s.sheetId);
}

/**
 * A node of an {@link ImpactGraph}: a changed table (depth 0), a document or element lineage
 * reached, the document holding a reached element, or a selected schedule.
 */
export interface ImpactGraphNode {
  /** The lineage node id (`element:<workbookId>/<elementId>`, ...), or `schedule:<kind>:<documentId>/<sheetId>`. */
  id: string;
  /** A lineage node kind (`table`, `datamodel-element`, `workbook`, ...) or `schedule`. */
  kind: string;
  label: string;
  /** Hops from the nearest changed table (a schedule: its element's + 1; a holding document: its nearest element's + 1). */
  depth: number;
  /** Schedules only: what they would run, and in which wave. */
  schedule?: { kind: PlannedSchedule["kind"]; documentId: string; sheetId: string; wave: number; paused?: boolean };
}

/** An edge "`from` feeds `to`" of an {@link ImpactGraph} (`contains`: an element and its document; `schedule`: an element and its schedule). */
export interface ImpactGraphEdge {
  from: string;
  to: string;
  basis: string;
}

/** What changed tables feed, as a graph: only reached nodes, and only edges between them. */
export interface ImpactGraph {
  nodes: ImpactGraphNode[];
  edges: ImpactGraphEdge[];
}
