/**
 * The page's impact view as JSON (`/api/impact?table=`), against the emulator: what a table
 * feeds comes from the lineage (the planner's reached subgraph), its schedules are the truth's
 * `downstreamSchedules`, edges join returned nodes only, and schedules a run triggered carry
 * that job's status.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Truth } from "../../src/emulator/org/truth.js";
import { ImpactSource } from "../../src/serve/impact.js";
import type { ImpactGraphEdge, ImpactGraphNode, PlannedSchedule } from "../../src/shared/refresh-plan.js";
import { getJson, startHarness, type ServeHarness } from "./helpers.js";

interface ImpactDoc {
  table: string;
  lineage: { nodes: ImpactGraphNode[]; edges: ImpactGraphEdge[]; schedules: PlannedSchedule[]; unmatchedTables: string[]; truncated?: unknown } | null;
  lineageError?: string;
  graph: { nodes: Array<{ id: string; label: string; kind: string; status?: string }>; edges: Array<{ from: string; to: string }> };
  events: number[];
  jobs: Array<{ status: string; scheduleKey: string }>;
}
type TruthTable = Truth["tables"][number];

describe("serve: /api/impact answers what a table feeds from the lineage", () => {
  let h: ServeHarness;
  let truth: Truth;
  const spec = (t: TruthTable) => `${t.connectionId}/${t.path.join(".")}`;
  const impact = (table: string) => getJson<ImpactDoc>(h, `/api/impact?table=${encodeURIComponent(table)}`);

  beforeAll(async () => {
    h = await startHarness({ emulator: { seed: 1 } });
    truth = h.emu.truth() as Truth;
  }, 60_000);
  afterAll(async () => h?.close());

  it("the schedule nodes are the truth's downstream schedules, every node is a document the lineage reaches, edges join returned nodes", async () => {
    const withChains = truth.tables.filter((t) => t.downstreamSchedules.some((d) => d.depth > 1)).slice(0, 3);
    const plain = truth.tables.filter((t) => t.downstreamSchedules.length > 0 && !withChains.includes(t)).slice(0, 3);
    expect(withChains.length).toBeGreaterThan(0);
    for (const t of [...withChains, ...plain]) {
      const d = await impact(spec(t));
      expect(d.lineageError).toBeUndefined();
      const l = d.lineage!;
      expect(l.unmatchedTables).toEqual([]);
      expect(l.truncated).toBeUndefined();
      const schedules = l.nodes.filter((n) => n.kind === "schedule");
      expect(schedules.map((n) => n.schedule!.sheetId).sort(), spec(t)).toEqual(t.downstreamSchedules.map((s) => s.sheetId).sort());
      expect([...new Set(schedules.map((n) => n.schedule!.documentId))].sort()).toEqual([...new Set(t.downstreamSchedules.map((s) => s.documentId))].sort());
      for (const s of schedules) expect(s.schedule!.wave).toBe(t.downstreamSchedules.find((x) => x.sheetId === s.schedule!.sheetId)!.depth);
      // Every document a schedule belongs to is drawn (its node, or an element of it).
      for (const s of t.downstreamSchedules) expect(l.nodes.some((n) => n.kind !== "schedule" && n.id.includes(s.documentId)), s.documentId).toBe(true);
      // Exactly one changed table, at depth 0; everything else downstream of it.
      expect(l.nodes.filter((n) => n.depth === 0).map((n) => n.kind)).toEqual(["table"]);
      const ids = new Set(l.nodes.map((n) => n.id));
      expect(ids.size).toBe(l.nodes.length);
      for (const e of l.edges) {
        expect(ids.has(e.from), e.from).toBe(true);
        expect(ids.has(e.to), e.to).toBe(true);
      }
      // Connected: every node but the table has an edge into it; each schedule exactly one, from its element.
      const into = new Map<string, number>();
      for (const e of l.edges) into.set(e.to, (into.get(e.to) ?? 0) + 1);
      for (const n of l.nodes) if (n.depth > 0) expect(into.get(n.id) ?? 0, n.id).toBeGreaterThan(0);
      for (const s of schedules) expect(into.get(s.id)).toBe(1);
      // The drawing is the same graph.
      expect(d.graph.nodes.map((n) => n.id).sort()).toEqual([...ids].sort());
      expect(d.graph.edges).toHaveLength(l.edges.length);
    }
  }, 60_000);

  it("a table nothing reads: the table alone; an unknown table: unmatched; a bad spec: 400", async () => {
    const lonely = truth.tables.find((t) => t.downstreamSchedules.length === 0);
    if (lonely) {
      const d = await impact(spec(lonely));
      expect(d.lineage!.nodes.filter((n) => n.kind === "schedule")).toEqual([]);
    }
    const none = await impact("NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE");
    expect(none.lineage!.unmatchedTables).toEqual(["NO_SUCH_DB.NO_SUCH_SCHEMA.NO_SUCH_TABLE"]);
    expect(none.lineage!.nodes).toEqual([]);
    const bad = await fetch(`${h.serve.url}/api/impact?table=${encodeURIComponent("JUST_ONE_PART")}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/DB\.SCHEMA\.TABLE/);
    expect((await fetch(`${h.serve.url}/api/impact`)).status).toBe(400);
    // Suggestions: names of tables the lineage knows (read by some document), containing the text.
    const read = truth.tables.find((t) => t.downstreamSchedules.length > 0)!;
    const sugg = await getJson<{ tables: string[] }>(h, `/api/tables?q=${encodeURIComponent(read.path[2]!.toLowerCase())}`);
    expect(sugg.tables).toContain(read.path.join("."));
    for (const name of sugg.tables) expect(name.toLowerCase()).toContain(read.path[2]!.toLowerCase());
  }, 60_000);

  it("after a webhook for the table runs, its schedules carry the jobs' status and the recent jobs are listed", async () => {
    const t = truth.tables.find((x) => x.downstreamSchedules.length > 0 && x.downstreamSchedules.length <= 4)!;
    const res = await h.postGeneric({ source: "rivery", runId: "impact-1", tables: [spec(t)] });
    expect(res.status).toBe(202);
    const settled = (s: string) => ["ready", "skipped", "failed", "error", "timed-out"].includes(s);
    await h.until(async () => {
      const d = await impact(spec(t));
      return d.jobs.length > 0 && d.jobs.every((j) => settled(j.status));
    }, "the table's jobs settled", 30_000);
    const d = await impact(spec(t));
    const drawn = new Map(d.graph.nodes.filter((n) => n.kind === "schedule").map((n) => [n.id.replace(/^schedule:/, ""), n.status]));
    for (const j of d.jobs) expect(drawn.get(j.scheduleKey) ?? "", j.scheduleKey).toMatch(/^(ready|skipped|paused|failed|error|timed-out)$/);
    expect(d.jobs.some((j) => j.status === "ready")).toBe(true);
  }, 60_000);
});

describe("ImpactSource", () => {
  it("reads lineage once per TTL, shares one read between concurrent callers, and does not keep a failure", async () => {
    let clock = 0;
    let reads = 0;
    let fail = false;
    const lineage = { graph: { run: { ts: 0, format: "jsonl", complete: true }, nodes: [], edges: [], notes: [] }, input: { x: {}, schedules: [], requests: 0, source: "live" } };
    const src = new ImpactSource(null as never, {
      ttlMs: 1000,
      now: () => clock,
      load: async () => {
        reads++;
        if (fail) throw new Error("sigma down");
        return lineage as never;
      },
    });
    await Promise.all([src.lineage(), src.lineage(), src.lineage()]);
    expect(reads).toBe(1);
    clock = 999;
    await src.lineage();
    expect(reads).toBe(1);
    clock = 1001;
    fail = true;
    await expect(src.lineage()).rejects.toThrow("sigma down");
    fail = false;
    await src.lineage();
    expect(reads).toBe(3);
  });
});
