/**
 * `planRefresh(client, changes, options)`: from the tables a pipeline rebuilt to the
 * materialization schedules they feed, in dependency order (issue #9).
 *
 * 1. Lineage: live from the API (live-source.ts, cached by each document's updatedAt) or an
 *    extraction (`lineageFrom`), wired into the lineage graph (build.ts) as `sigmactl lineage` does.
 * 2. Changed tables (`tables`, `tableFile`, dbt artifacts) are matched to the graph's table
 *    nodes (table-spec.ts); those that match nothing are listed in `unmatchedTables`.
 * 3. Every node downstream of a matched table is reached along "feeds" edges, never up a
 *    "contains" edge (an element feeds its page, not its siblings); a link to a data model as
 *    a whole (lineage that could not be narrowed) selects every element of that model read.
 * 4. A schedule is selected when its element (a dataset: the dataset) was reached. It waits for
 *    each selected schedule whose element reaches its own (the nearest ones are listed as
 *    `upstream`); its wave is 1 + the highest wave it waits for. `because` is the shortest
 *    lineage path from a changed table.
 */
import { readFile } from "node:fs/promises";
import type { SigmaClient } from "../client/index.js";
import { UserError } from "../errors.js";
import type { ImpactGraph, ImpactGraphNode, ImpactedNode, MatchedChange, PlannedSchedule, RefreshPlan } from "../shared/refresh-plan.js";
import { graphOfExtraction } from "./build.js";
import { dbtRelations } from "./dbt.js";
import { loadLive, type LineageInput, type ScheduleRow } from "./live-source.js";
import { loadExtraction } from "./load.js";
import { KIND_NAMES, type LineageGraph, type LineageGraphNode } from "./model.js";
import { locateRun, readAsset, str } from "./run-files.js";
import { matchesTable, parseTableSpec, tablesOfText, type TableSpec } from "./table-spec.js";

/** What changed. Every field is optional; together they are a union. */
export interface RefreshChanges {
  /** `[CONNECTION/]DB.SCHEMA.TABLE` specs, `*` globs allowed (table-spec.ts). */
  tables?: string[];
  /** A file of such specs, one a line (`#` comments). */
  tableFile?: string;
  /** dbt's parsed `run_results.json` and `manifest.json`: the relations the run rebuilt (dbt.ts). */
  dbt?: { runResults: unknown; manifest: unknown };
}

/** Progress of a plan. */
export interface PlanProgress {
  phase: "lineage" | "plan";
  done: number;
  total: number;
}

/** Options of {@link planRefresh}. */
export interface PlanRefreshOptions {
  /** Read lineage from this extraction directory (`sigmactl extract -o DIR`) instead of the API. */
  lineageFrom?: string | undefined;
  /** The newest run of `lineageFrom` by default. */
  run?: number | undefined;
  /** Where the live source caches documents (by updatedAt); none when absent. */
  cacheDir?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Parallel document reads (default 8). */
  concurrency?: number | undefined;
  onProgress?: ((p: PlanProgress) => void) | undefined;
}

/** A table the planner matched, and the specs it came from. */
interface Change {
  spec: TableSpec;
  source: string;
}

/** Collects the changed-table specs of `changes`. @throws UserError on a bad spec or an empty set. */
export async function changedTables(changes: RefreshChanges): Promise<Change[]> {
  const out: Change[] = [];
  for (const t of changes.tables ?? []) out.push({ spec: parseTableSpec(t), source: "--affected-by" });
  if (changes.tableFile !== undefined) {
    let text: string;
    try {
      text = await readFile(changes.tableFile, "utf8");
    } catch (err) {
      throw new UserError(`cannot read ${changes.tableFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    for (const t of tablesOfText(text)) out.push({ spec: parseTableSpec(t), source: changes.tableFile });
  }
  if (changes.dbt) for (const r of dbtRelations(changes.dbt.runResults, changes.dbt.manifest)) out.push({ spec: parseTableSpec(r.relation), source: `dbt ${r.uniqueId}` });
  return out;
}

/** Reads an extraction's lineage and schedules. */
export async function loadFromExtraction(dir: string, run?: number): Promise<LineageInput> {
  const r = await locateRun(dir, run);
  const x = await loadExtraction(r);
  const rows = await readAsset(r, "materialization_schedules");
  const names = new Map<string, string>();
  for (const w of x.workbooks) names.set(str(w.workbookId) ?? "", str(w.name) ?? "");
  for (const d of x.dataModels) names.set(str(d.dataModelId) ?? "", str(d.name) ?? "");
  const schedules: ScheduleRow[] = [];
  for (const s of rows ?? []) {
    const id = str(s.asset_id);
    const sheetId = str(s.sheetId);
    if (id === undefined || sheetId === undefined) continue;
    const elementId = str(s.elementId);
    const elementName = str(s.elementName);
    schedules.push({
      kind: s.asset_type === "datamodel" ? "data-model" : "workbook",
      documentId: id,
      documentName: names.get(id) || id,
      sheetId,
      ...(elementId !== undefined ? { elementId } : {}),
      ...(elementName !== undefined ? { elementName } : {}),
      paused: s.paused === true,
    });
  }
  if (rows === undefined) x.missing.add("materialization_schedules" as never);
  return { x, schedules, requests: 0, source: dir };
}

/** The graph node of a schedule's element. */
function scheduleNode(s: Pick<ScheduleRow, "kind" | "documentId" | "elementId">): string {
  if (s.kind === "dataset") return `dataset:${s.documentId}`;
  return s.kind === "workbook" ? `element:${s.documentId}/${s.elementId ?? ""}` : `datamodel-element:${s.documentId}/${s.elementId ?? ""}`;
}

/** Downstream adjacency of the graph: "feeds" edges only, plus whole-model links from each element of the model. */
function downstreamIndex(graph: LineageGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const l = out.get(a);
    if (l) {
      if (!l.includes(b)) l.push(b);
    } else out.set(a, [b]);
  };
  const elementsOf = new Map<string, string[]>();
  for (const e of graph.edges) if (e.basis === "contains" && e.from.startsWith("datamodel-element:")) elementsOf.set(e.to, [...(elementsOf.get(e.to) ?? []), e.from]);
  for (const e of graph.edges) {
    if (e.basis === "contains") continue;
    add(e.from, e.to);
    // A link from a whole data model: any of its elements may be what is read.
    if (e.from.startsWith("datamodel:")) for (const el of elementsOf.get(e.from) ?? []) add(el, e.to);
  }
  return out;
}

function describeNode(n: LineageGraphNode | undefined, id: string): string {
  if (n === undefined) return id;
  return `${KIND_NAMES[n.kind][0]} ${n.label}`;
}

/** Lineage read once (live or from an extraction), to plan against several times. */
export interface LoadedLineage {
  graph: LineageGraph;
  input: LineageInput;
}

/** Reads the lineage {@link planRefresh} plans against (live with `cacheDir`, or `lineageFrom`). */
export async function loadLineage(client: SigmaClient | null, options: PlanRefreshOptions = {}): Promise<LoadedLineage> {
  let input: LineageInput;
  if (options.lineageFrom !== undefined) input = await loadFromExtraction(options.lineageFrom, options.run);
  else {
    if (client === null) throw new UserError("no lineage source: pass a client or lineageFrom (an extraction directory)");
    input = await loadLive(client, {
      cacheDir: options.cacheDir,
      signal: options.signal,
      concurrency: options.concurrency,
      onProgress: (done, total) => options.onProgress?.({ phase: "lineage", done, total }),
    });
  }
  return { graph: graphOfExtraction(input.x), input };
}

/** Plans the refresh of what `changes` feed (see the module comment). */
export async function planRefresh(client: SigmaClient | null, changes: RefreshChanges, options: PlanRefreshOptions = {}): Promise<RefreshPlan> {
  const specs = await changedTables(changes);
  const { graph, input } = await loadLineage(client, options);
  return planFromGraph(graph, input, specs);
}

/** The plan for `specs` over a built graph (exported for tests and `impact`). */
export function planFromGraph(graph: LineageGraph, input: LineageInput, specs: Change[]): RefreshPlan {
  return walkPlan(graph, input, specs).plan;
}

/**
 * What `changes` feed over loaded lineage, as the plan and the reached subgraph: the changed
 * tables, every node reached downstream along the planner's own edges, the document holding
 * each reached element (a `contains` edge), and each selected schedule (an edge from its
 * element). Edges join returned nodes only. For a view of a table's impact (`sigmactl serve`).
 */
export async function impactGraph(lineage: LoadedLineage, changes: RefreshChanges): Promise<{ plan: RefreshPlan; graph: ImpactGraph }> {
  const w = walkPlan(lineage.graph, lineage.input, await changedTables(changes));
  const basis = new Map(lineage.graph.edges.map((e) => [`${e.from}\u0000${e.to}`, e.basis as string]));
  const nodes = new Map<string, ImpactGraphNode>();
  const edges: ImpactGraph["edges"] = [];
  for (const [id, depth] of w.depth) {
    const n = w.nodeOf(id);
    nodes.set(id, { id, kind: n?.kind ?? "unresolved", label: n?.label ?? id, depth });
  }
  for (const id of w.depth.keys()) {
    for (const m of w.down.get(id) ?? []) if (w.depth.has(m)) edges.push({ from: id, to: m, basis: basis.get(`${id}\u0000${m}`) ?? "whole-model" });
  }
  // The documents holding reached elements: the page groups elements by what a user opens.
  for (const id of [...w.depth.keys()]) {
    const parent = w.nodeOf(id)?.parent;
    if (parent === undefined || w.depth.has(parent)) continue;
    const p = w.nodeOf(parent);
    const depth = w.depth.get(id)! + 1;
    const known = nodes.get(parent);
    if (known === undefined) nodes.set(parent, { id: parent, kind: p?.kind ?? "unresolved", label: p?.label ?? parent, depth });
    else known.depth = Math.min(known.depth, depth);
    edges.push({ from: id, to: parent, basis: "contains" });
  }
  for (const s of w.plan.schedules) {
    const id = `schedule:${s.kind}:${s.documentId}/${s.sheetId}`;
    const from = scheduleNode(s);
    const label = `schedule: ${s.documentName ?? s.documentId} / ${s.elementName ?? s.sheetId}`;
    nodes.set(id, {
      id,
      kind: "schedule",
      label,
      depth: (w.depth.get(from) ?? 0) + 1,
      schedule: { kind: s.kind, documentId: s.documentId, sheetId: s.sheetId, wave: s.wave, ...(s.paused === true ? { paused: true } : {}) },
    });
    if (nodes.has(from)) edges.push({ from, to: id, basis: "schedule" });
  }
  const list = [...nodes.values()].sort((a, b) => a.depth - b.depth || cmp(a.kind, b.kind) || cmp(a.label, b.label) || cmp(a.id, b.id));
  return { plan: w.plan, graph: { nodes: list, edges } };
}

/** The breadth-first walk behind a plan, with what {@link impactGraph} draws. */
function walkPlan(
  graph: LineageGraph,
  input: LineageInput,
  specs: Change[],
): { plan: RefreshPlan; depth: Map<string, number>; down: Map<string, string[]>; nodeOf: (id: string) => LineageGraphNode | undefined } {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const tables = graph.nodes.filter((n) => n.kind === "table" && n.path !== undefined && n.path.length >= 3);
  // Tables no document reads are not graph nodes; the table files still make them known (they reach nothing).
  const inGraph = new Set(tables.map((t) => t.sigmaId));
  const connByName = new Map<string, string>();
  for (const c of input.x.connections) if (str(c.name) !== undefined && str(c.connectionId) !== undefined) connByName.set(str(c.name)!, str(c.connectionId)!);
  for (const f of input.x.files) {
    const inode = str(f.id);
    const segs = (str(f.path) ?? "").split("/").filter((p) => p !== "");
    if (f.type !== "table" || inode === undefined || inGraph.has(inode) || segs.length < 3 || str(f.name) === undefined) continue;
    const path = [segs[segs.length - 2]!, segs[segs.length - 1]!, str(f.name)!];
    const connectionId = connByName.get(segs[0]!);
    tables.push({ id: `table-file:${inode}`, kind: "table", name: path.join("."), label: `${segs[0]}/${path.join(".")}`, path, connection: segs[0]!, ...(connectionId !== undefined ? { connectionId } : {}) });
  }
  const changes: MatchedChange[] = [];
  const unmatchedTables: string[] = [];
  const starts = new Set<string>();
  for (const c of specs) {
    const hits = tables.filter((t) => matchesTable(c.spec, { connectionId: t.connectionId, connection: t.connection, path: t.path! }));
    changes.push({
      spec: c.spec.text,
      source: c.source,
      tables: hits.map((t) => `${t.connection ?? t.connectionId ?? "?"}/${t.path!.join(".")}`),
      refs: hits.map((t) => ({ connectionId: t.connectionId ?? null, path: [...t.path!] })),
    });
    if (hits.length === 0) unmatchedTables.push(c.spec.text);
    for (const h of hits) starts.add(h.id);
  }

  const down = downstreamIndex(graph);
  // Breadth-first from every changed table at once: `prev` gives each node's shortest path.
  const prev = new Map<string, string | null>();
  const depthOf = new Map<string, number>();
  const reached: ImpactedNode[] = [];
  let frontier = [...starts].sort();
  for (const s of frontier) {
    prev.set(s, null);
    depthOf.set(s, 0);
  }
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of down.get(n) ?? []) {
        if (prev.has(m)) continue;
        prev.set(m, n);
        depthOf.set(m, depth);
        next.push(m);
        const node = nodes.get(m);
        if (node !== undefined && node.kind !== "table") reached.push({ id: m, kind: node.kind, label: node.label, depth });
      }
    }
    frontier = next;
  }
  const pathTo = (id: string): string[] => {
    const out: string[] = [];
    for (let n: string | null | undefined = id; n != null; n = prev.get(n)) out.unshift(describeNode(nodes.get(n), n));
    return out;
  };

  // Selected schedules, by their node (several schedules of one element are one node's).
  const selected = input.schedules.filter((s) => prev.has(scheduleNode(s)));
  const byNode = new Map<string, ScheduleRow[]>();
  for (const s of selected) byNode.set(scheduleNode(s), [...(byNode.get(scheduleNode(s)) ?? []), s]);
  // For each selected node, the selected nodes it reaches (bounded: one walk per selected node).
  const reaches = new Map<string, Set<string>>();
  for (const start of byNode.keys()) {
    const seen = new Set<string>();
    const stack = [...(down.get(start) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(down.get(n) ?? []));
    }
    reaches.set(start, new Set([...seen].filter((n) => byNode.has(n) && n !== start)));
  }
  const ups = new Map<string, string[]>();
  for (const n of byNode.keys()) ups.set(n, []);
  for (const [a, set] of reaches) for (const b of set) ups.get(b)!.push(a);
  // Waves by longest path; a cycle (never expected in lineage) lands after everything else.
  const wave = new Map<string, number>();
  const waveOf = (n: string, depth: number): number => {
    const known = wave.get(n);
    if (known !== undefined) return known;
    if (depth > byNode.size) return 1;
    const w = 1 + Math.max(0, ...ups.get(n)!.map((u) => waveOf(u, depth + 1)));
    wave.set(n, w);
    return w;
  };
  for (const n of byNode.keys()) waveOf(n, 0);

  const planned: PlannedSchedule[] = [];
  for (const [n, rows] of byNode) {
    // The nearest upstreams: those no other upstream of this node reaches.
    const all = ups.get(n)!;
    const nearest = all.filter((u) => !all.some((v) => v !== u && reaches.get(u)!.has(v)));
    const upstream = nearest.flatMap((u) => byNode.get(u)!.map((s) => s.sheetId)).sort();
    for (const s of rows) {
      planned.push({
        kind: s.kind,
        documentId: s.documentId,
        documentName: s.documentName,
        sheetId: s.sheetId,
        ...(s.elementId !== undefined ? { elementId: s.elementId } : {}),
        ...(s.elementName !== undefined ? { elementName: s.elementName } : {}),
        wave: wave.get(n)!,
        because: pathTo(n),
        upstream,
        ...(s.paused ? { paused: true } : {}),
      });
    }
  }
  planned.sort((a, b) => a.wave - b.wave || cmp(a.documentName ?? "", b.documentName ?? "") || cmp(a.elementName ?? "", b.elementName ?? "") || cmp(a.sheetId, b.sheetId));
  const waves: PlannedSchedule[][] = [];
  for (const p of planned) (waves[p.wave - 1] ??= []).push(p);
  const notes = [...graph.notes];
  if (input.x.missing.has("materialization_schedules" as never)) notes.push("the extraction has no materialization_schedules file: no schedule can be selected (extract with the default assets)");
  const plan: RefreshPlan = { version: 1, waves: waves.filter((w) => w !== undefined), schedules: planned, unmatchedTables, changes, lineageSource: input.source, notes, requests: input.requests, reached };
  const tableNodes = new Map(tables.map((t) => [t.id, t]));
  return { plan, depth: depthOf, down, nodeOf: (id) => nodes.get(id) ?? tableNodes.get(id) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Syncs the matched tables in Sigma (`POST /v2/connections/{connectionId}/sync`, path
 * `[db, schema, table]`), so columns a pipeline added are visible before materializing.
 * Returns how many tables were synced; tables without a connection id are left out.
 */
export async function syncChangedTables(client: SigmaClient, plan: RefreshPlan, options: { signal?: AbortSignal | undefined } = {}): Promise<number> {
  const seen = new Set<string>();
  let n = 0;
  for (const c of plan.changes) {
    for (const r of c.refs) {
      const key = `${r.connectionId ?? ""}/${r.path.join(".")}`;
      if (r.connectionId === null || seen.has(key)) continue;
      seen.add(key);
      await client.connections.sync(r.connectionId, { path: r.path, signal: options.signal });
      n++;
    }
  }
  return n;
}
