/**
 * The one place serve turns an event's changes into a refresh plan.
 * - Targets named in the event (generic hook `targets`, config mappings) are resolved with
 *   materialize's own planner: their schedules run in wave 0.
 * - Tables and dbt artifacts go to the lineage planner, `planRefresh` (issue #9).
 *
 */
import type { SigmaClient } from "../client/client.js";
import { buildPlan } from "../materialize/plan.js";
import type { TargetSpec } from "../materialize/types.js";
import { planRefresh } from "../lineage/plan-refresh.js";
import type { PlannedSchedule, RefreshPlan } from "../shared/refresh-plan.js";
import type { TargetEntry } from "./config.js";

/** The changes the lineage planner takes (issue #9's contract). */
export interface PlanChanges {
  tables?: string[];
  dbt?: { runResults: unknown; manifest: unknown };
}

/** A plan as far as serve needs one: the schedules and their waves (the rest is filled in when merged). */
export type PlanLike = Pick<RefreshPlan, "waves" | "schedules" | "unmatchedTables"> & Partial<RefreshPlan>;

/** The lineage planner's signature (issue #9's `planRefresh`). */
export type TablePlanner = (client: SigmaClient, changes: PlanChanges, options: { signal?: AbortSignal }) => Promise<PlanLike>;

/** The lineage planner serve uses by default: issue #9's, live from the API. */
export const DEFAULT_TABLE_PLANNER: TablePlanner | undefined = (client, changes, options) => planRefresh(client, changes, options);

/** Thrown when an event names tables and no lineage planner is available. */
export class PlannerMissingError extends Error {
  override name = "PlannerMissingError";
}

/** What an event (or a debounced batch of events) asks to refresh. */
export interface PlanInput {
  tables: string[];
  targets: TargetEntry[];
  dbt?: { runResults: unknown; manifest: unknown };
}

/** Target entries as materialize's TargetSpec. */
export function targetSpecs(entries: readonly TargetEntry[]): TargetSpec[] {
  return entries.map((t, i): TargetSpec => {
    const source = `hook target #${i + 1}`;
    if (t.workbook) return { kind: "workbook", ref: t.workbook, elements: t.elements ?? [], source };
    if (t.dataModel) return { kind: "data-model", ref: t.dataModel, elements: t.elements ?? [], source };
    return { kind: "dataset", ref: t.dataset ?? "", elements: [], source };
  });
}

/** Plans `input`. @throws PlannerMissingError when tables need a planner that is not there; UserError for unknown targets */
export async function planFor(
  client: SigmaClient,
  input: PlanInput,
  options: { planner?: TablePlanner | undefined; signal?: AbortSignal } = {},
): Promise<RefreshPlan> {
  const schedules: PlannedSchedule[] = [];
  const unmatchedTables: string[] = [];
  if (input.targets.length > 0) {
    const plan = await buildPlan(client, targetSpecs(input.targets), { includePaused: false, signal: options.signal });
    for (const j of plan.jobs) {
      const s: PlannedSchedule = {
        kind: j.document.kind,
        documentId: j.document.id,
        documentName: j.document.name,
        sheetId: j.sheetId ?? j.document.id,
        wave: 0,
        because: ["named in the hook's targets"],
        upstream: [],
      };
      if (j.elementId) s.elementId = j.elementId;
      if (j.elementName) s.elementName = j.elementName;
      schedules.push(s);
    }
  }
  if (input.tables.length > 0 || input.dbt) {
    const planner = options.planner ?? DEFAULT_TABLE_PLANNER;
    if (!planner) {
      throw new PlannerMissingError(
        "table → schedule planning needs the lineage planner (issue #9, planRefresh), which this build does not have: send `targets` with the tables",
      );
    }
    const changes: PlanChanges = {};
    if (input.tables.length > 0) changes.tables = input.tables;
    if (input.dbt) changes.dbt = input.dbt;
    const plan = await planner(client, changes, options.signal ? { signal: options.signal } : {});
    return mergePlans([{ waves: [], schedules, unmatchedTables: [] }, plan]);
  }
  return mergePlans([{ waves: [], schedules, unmatchedTables }]);
}

/** The keys an `upstream` entry may use for a schedule (the planner's choice is not pinned down). */
function aliases(s: PlannedSchedule): string[] {
  return [`${s.kind}:${s.documentId}/${s.sheetId}`, `${s.documentId}/${s.sheetId}`, s.sheetId];
}

/**
 * Merges plans (a debounced batch): one entry per schedule, reasons and upstreams united, waves
 * recomputed from the merged upstream links (a schedule runs after everything it reads), falling
 * back to the largest wave a plan gave when links do not resolve.
 */
export function mergePlans(plans: readonly PlanLike[]): RefreshPlan {
  const byKey = new Map<string, PlannedSchedule>();
  for (const p of plans) {
    for (const s of p.schedules) {
      const key = `${s.kind}:${s.documentId}/${s.sheetId}`;
      const prev = byKey.get(key);
      if (!prev) byKey.set(key, { ...s, because: [...s.because], upstream: [...s.upstream] });
      else {
        prev.wave = Math.max(prev.wave, s.wave);
        for (const b of s.because) if (!prev.because.includes(b)) prev.because.push(b);
        for (const u of s.upstream) if (!prev.upstream.includes(u)) prev.upstream.push(u);
      }
    }
  }
  const all = [...byKey.values()];
  const alias = new Map<string, PlannedSchedule>();
  for (const s of all) for (const a of aliases(s)) alias.set(a, s);
  const memo = new Map<PlannedSchedule, number>();
  const waveOf = (s: PlannedSchedule, stack: Set<PlannedSchedule>): number => {
    const known = memo.get(s);
    if (known !== undefined) return known;
    if (stack.has(s)) return s.wave; // a cycle: keep the planner's word
    stack.add(s);
    let w = s.wave;
    for (const u of s.upstream) {
      const up = alias.get(u);
      if (up && up !== s) w = Math.max(w, waveOf(up, stack) + 1);
    }
    stack.delete(s);
    memo.set(s, w);
    return w;
  };
  for (const s of all) s.wave = waveOf(s, new Set());
  const waves: PlannedSchedule[][] = [];
  for (const s of all) (waves[s.wave] ??= []).push(s);
  const unmatched = new Set(plans.flatMap((p) => p.unmatchedTables));
  return {
    version: 1,
    waves: waves.filter((w) => w && w.length > 0),
    schedules: all,
    unmatchedTables: [...unmatched].sort(),
    changes: plans.flatMap((p) => p.changes ?? []),
    lineageSource: [...new Set(plans.map((p) => p.lineageSource).filter((x) => x !== undefined))].join(", ") || "targets",
    notes: plans.flatMap((p) => p.notes ?? []),
    requests: plans.reduce((n, p) => n + (p.requests ?? 0), 0),
    reached: plans.flatMap((p) => p.reached ?? []),
  };
}

/** Resolves an upstream entry to a schedule key among `keys` (for skipping what a failure feeds). */
export function upstreamKey(entry: string, schedules: ReadonlyArray<{ kind: string; documentId: string; sheetId: string }>): string | undefined {
  for (const s of schedules) {
    if (aliases(s as PlannedSchedule).includes(entry)) return `${s.kind}:${s.documentId}/${s.sheetId}`;
  }
  return undefined;
}
