/** Lineage and impact analysis from an extraction run, offline: public surface. */
export { buildLineageGraph } from "./build.js";
export type { BuildLineageOptions } from "./build.js";
export { findNode, matchNodes, describeNode } from "./match.js";
export { lineageOf, countByKind } from "./query.js";
export type { QueryOptions } from "./query.js";
export { renderLineage, parseFormat, formatForFile, LINEAGE_FORMATS } from "./render.js";
export type { LineageFormat } from "./render.js";
export type { TreeStyle } from "./render-tree.js";
export { wholeGraph, NODE_KINDS } from "./model.js";
export type {
  Direction,
  EdgeBasis,
  EdgeLevel,
  LineageGraphEdge,
  LineageGraph,
  LineageGraphNode,
  LineageQuery,
  LineageView,
  NodeKind,
  RunInfo,
} from "./model.js";
export { planRefresh, planFromGraph, changedTables, loadFromExtraction, syncChangedTables, loadLineage, impactGraph } from "./plan-refresh.js";
export type { RefreshChanges, PlanRefreshOptions, PlanProgress, LoadedLineage } from "./plan-refresh.js";
export { dbtRelations, readDbtArtifacts } from "./dbt.js";
export type { DbtRelation } from "./dbt.js";
export { parseTableSpec, matchesTable } from "./table-spec.js";
export type { RefreshPlan, PlannedSchedule, MatchedChange, ImpactedNode, ImpactGraph, ImpactGraphNode, ImpactGraphEdge } from "../shared/refresh-plan.js";
