/** The JSON documents of the API (`/api/events`, `/api/events/{id}`, `/api/runs/{id}`, `/api/impact`), graphs included. */
import type { ViewEdge, ViewNode } from "../shared/graph-view.js";
import type { TableImpact } from "./impact.js";
import { upstreamKey } from "./planner.js";
import { scheduleKey, type EventRow, type JobRow, type Store } from "./store.js";

/** A graph the page draws. */
export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

function eventIdsByJob(store: Store, jobIds: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (jobIds.length === 0) return out;
  const rows = store.db.prepare(`SELECT job_id, event_id FROM event_jobs WHERE job_id IN (${jobIds.map(() => "?").join(",")})`).all(...jobIds) as Array<{ job_id: number; event_id: number }>;
  for (const r of rows) out.set(r.job_id, [...(out.get(r.job_id) ?? []), r.event_id]);
  return out;
}

/** Tables → schedules (first wave) → schedules reading them, as nodes and edges. */
export function graphOf(store: Store, jobs: JobRow[], events: EventRow[]): ViewGraph {
  const nodes = new Map<string, ViewNode>();
  const edges: ViewEdge[] = [];
  const byEvent = new Map(events.map((e) => [e.id, e]));
  const links = eventIdsByJob(store, jobs.map((j) => j.id));
  for (const j of jobs) {
    const id = `job:${j.scheduleKey}`;
    const label = `${j.documentName ?? j.documentId} › ${j.elementName ?? j.sheetId}`;
    nodes.set(id, { id, label, kind: j.kind, status: j.status, title: j.because.join("\n") });
  }
  const seen = new Set<string>();
  const edge = (from: string, to: string): void => {
    const k = `${from}→${to}`;
    if (seen.has(k) || from === to) return;
    seen.add(k);
    edges.push({ from, to });
  };
  for (const j of jobs) {
    const to = `job:${j.scheduleKey}`;
    const ups = j.upstream.map((u) => upstreamKey(u, jobs)).filter((k): k is string => k !== undefined);
    for (const u of ups) edge(`job:${u}`, to);
    if (ups.length > 0) continue;
    for (const eid of links.get(j.id) ?? []) {
      const e = byEvent.get(eid);
      if (!e) continue;
      if (e.tables.length === 0) {
        const from = `event:${e.id}`;
        nodes.set(from, { id: from, label: `event ${e.id}: ${e.source}`, kind: "event" });
        edge(from, to);
      }
      for (const t of e.tables) {
        const from = `table:${t}`;
        nodes.set(from, { id: from, label: t, kind: "table" });
        edge(from, to);
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** `/api/runs/{id}`. */
export function runView(store: Store, id: number): unknown {
  const run = store.run(id);
  if (!run) return undefined;
  const jobs = store.jobsOfRun(id);
  const events = store.eventsOfRun(id);
  return { ...run, jobs, events, graph: graphOf(store, jobs, events) };
}

/** `/api/events/{id}`. */
export function eventView(store: Store, id: number): unknown {
  const event = store.event(id);
  if (!event) return undefined;
  const jobs = store.jobsOfEvent(id);
  return { ...event, jobs, graph: graphOf(store, jobs, [event]) };
}

/** `/api/runs`: recent runs with their job counts. */
export function runsView(store: Store, limit: number): unknown {
  const runs = store.runs(limit).map((r) => {
    const jobs = store.jobsOfRun(r.id);
    return { ...r, jobCount: jobs.length, jobsByStatus: jobs.reduce<Record<string, number>>((acc, j) => ((acc[j.status] = (acc[j.status] ?? 0) + 1), acc), {}) };
  });
  return { runs };
}

/** Most nodes the impact view draws: past that, the nearest ones are kept (dagre and a reader both give up on thousands). */
export const IMPACT_MAX_NODES = 400;

/** Recent jobs of events that named `table` (one per schedule: the latest), and those events. */
function recentForTable(store: Store, table: string): { events: number[]; jobs: Array<JobRow & { coalesced: boolean }> } {
  const events = store.events({ q: table, limit: 200 }).filter((e) => e.tables.some((t) => t.toLowerCase() === table.toLowerCase()));
  const latest = new Map<string, JobRow & { coalesced: boolean }>();
  for (const e of events) for (const j of store.jobsOfEvent(e.id)) if ((latest.get(j.scheduleKey)?.id ?? -1) < j.id) latest.set(j.scheduleKey, j);
  return { events: events.map((e) => e.id), jobs: [...latest.values()].sort((a, b) => a.wave - b.wave || a.id - b.id) };
}

/**
 * `/api/impact?table=T`: what `table` feeds through lineage (`lineage`: nodes, edges, schedules,
 * capped at {@link IMPACT_MAX_NODES}), the graph the page draws (schedules marked with their
 * latest job's status), and the jobs recent events naming the table led to. When lineage could
 * not be read, `lineageError` says why and the recent jobs are still there.
 */
export function impactView(store: Store, table: string, impact: TableImpact | { error: string }): unknown {
  const recent = recentForTable(store, table);
  if ("error" in impact) return { table, lineage: null, lineageError: impact.error, graph: { nodes: [], edges: [] }, ...recent };
  const all = impact.graph.nodes;
  const kept = all.slice(0, IMPACT_MAX_NODES);
  const ids = new Set(kept.map((n) => n.id));
  const edges = impact.graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  const keys = kept.flatMap((n) => (n.schedule ? [scheduleKey(n.schedule)] : []));
  const jobs = store.latestJobsByKey(keys);
  const nodes: ViewNode[] = kept.map((n) => {
    if (!n.schedule) return { id: n.id, label: n.label, kind: n.kind, title: `${n.kind}, ${n.depth} hop(s) from the table` };
    const job = jobs.get(scheduleKey(n.schedule));
    const status = n.schedule.paused ? "paused" : job?.status;
    const title = [`wave ${n.schedule.wave}`, job ? `latest job: ${job.status} (run ${job.runId})` : "no job yet", ...(n.schedule.paused ? ["paused in Sigma"] : [])].join("\n");
    return { id: n.id, label: n.label, kind: "schedule", ...(status ? { status } : {}), title };
  });
  const p = impact.plan;
  return {
    table,
    lineage: {
      source: p.lineageSource,
      changes: p.changes,
      unmatchedTables: p.unmatchedTables,
      notes: p.notes,
      nodes: kept,
      edges,
      schedules: p.schedules,
      ...(kept.length < all.length ? { truncated: { shown: kept.length, total: all.length } } : {}),
    },
    graph: { nodes, edges: edges.map((e) => ({ from: e.from, to: e.to })) },
    ...recent,
  };
}
