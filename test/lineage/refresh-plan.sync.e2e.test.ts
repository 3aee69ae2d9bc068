/**
 * `materialize --affected-by ... --sync-schema`, `--affected-by-file -` and the union with an
 * explicit target, end to end: the CLI in-process against the emulator, reached through a
 * recording loopback proxy so the test sees the order of requests. Each changed table is
 * synced once (its connection id, `[db, schema, table]`), before the first trigger; a glob
 * syncs each table it matches once; `--dry-run` syncs and triggers nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { JobRecord, MaterializeResult } from "../../src/materialize/types.js";
import { runCli, type CliResult } from "../helpers/run-cli.js";
import { startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";

type TruthTable = Truth["tables"][number];
type Doc = MaterializeResult & { command: string; plan: { unmatchedTables: string[]; changes: Array<{ spec: string; source: string; tables: string[] }> } };

const targetOf = (j: JobRecord) => j.sheetId ?? j.documentId;
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const SYNC = /^POST \/v2\/connections\/([^/]+)\/sync$/;
const TRIGGER = /^POST \/v2\/(workbooks\/[^/]+\/materializations|dataModels\/[^/]+:materialize|datasets\/[^/]+\/materialization)$/;
// Hop-by-hop and length headers are the proxy's own business.
const DROP = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"]);

describe("materialize --sync-schema, --affected-by-file -, and the union with targets (small org, seed 1)", () => {
  let emu: Emulator;
  let proxy: ScriptedServer;
  let dir: string;
  let truth: Truth;
  let env: Record<string, string>;
  const cli = (argv: string[], stdin?: string): Promise<CliResult> => runCli([...argv, "--poll-interval", "100ms:300ms"], { env, cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
  const specOf = (t: TruthTable) => `${truth.connections.find((c) => c.connectionId === t.connectionId)!.name}/${t.path.join(".")}`;
  /** The API requests the proxy saw, as "METHOD /path", in arrival order. */
  const calls = () => proxy.requests.map((r) => `${r.method} ${r.pathname}`);
  const chainedTables = () => truth.tables.filter((t) => t.downstreamSchedules.some((d) => d.depth >= 2));

  beforeAll(async () => {
    emu = await createEmulator({ size: "small", seed: 1, materializationTime: [0.1, 0.3], materializationFailRate: 0, log: () => undefined });
    // Every request passes through, in order, to the emulator's in-process handler.
    proxy = await startScriptedServer(async (req) => {
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : req.body;
      const res = await emu.handler(new Request(`${emu.url}${req.path}`, { method: req.method, headers: req.headers, ...(body !== undefined ? { body } : {}) }));
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (!DROP.has(k)) headers[k] = v;
      });
      return { status: res.status, headers, body: await res.text() };
    });
    dir = await mkdtemp(join(tmpdir(), "sigmactl-sync-e2e-"));
    env = { NO_COLOR: "1", SIGMA_BASE_URL: proxy.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, SIGMACTL_STATE_DIR: dir };
    truth = emu.truth() as Truth;
  }, 60_000);
  beforeEach(() => {
    emu.control.reset();
    proxy.requests.length = 0;
  });
  afterAll(async () => {
    await proxy?.close();
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("syncs each changed table once (connection id, [db, schema, table]) before the first trigger", async () => {
    const [a, b] = chainedTables().length >= 2 ? chainedTables() : truth.tables.filter((t) => t.downstreamSchedules.length > 0);
    expect(a && b).toBeTruthy();
    const r = await cli(["materialize", "--affected-by", specOf(a!), "--affected-by", specOf(b!), "--sync-schema", "--include-paused", "--no-state", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.outcome).toBe("ready");
    const syncs = emu.stats().connectionSyncs;
    expect(syncs.map((s) => ({ connectionId: s.connectionId, path: s.path, count: s.count }))).toEqual(
      [a!, b!].map((t) => ({ connectionId: t.connectionId, path: t.path, count: 1 })),
    );
    expect(r.stderr).toContain("synced 2 table(s) in Sigma");
    // Order: every sync answered before the first trigger was sent (the CLI syncs, then plans the run).
    const seen = calls();
    const lastSync = seen.map((c) => SYNC.test(c)).lastIndexOf(true);
    const firstTrigger = seen.findIndex((c) => TRIGGER.test(c));
    expect(lastSync).toBeGreaterThanOrEqual(0);
    expect(firstTrigger).toBeGreaterThan(lastSync);
    expect(seen.filter((c) => SYNC.test(c)).map((c) => SYNC.exec(c)![1])).toEqual([a!.connectionId, b!.connectionId]);
    expect(seen.filter((c) => TRIGGER.test(c))).toHaveLength(doc.jobs.length);
    expect(emu.stats().orderViolations).toBe(0);
  }, 60_000);

  it("a glob syncs each table it matches once, also when another spec names one of them again", async () => {
    // A schema of a connection with several tables, some of which something reads.
    const groups = new Map<string, TruthTable[]>();
    for (const t of truth.tables) {
      const key = JSON.stringify([t.connectionId, t.path[0], t.path[1]]);
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    const group = [...groups.values()].filter((g) => g.length >= 2).sort((x, y) => y.length - x.length)[0]!;
    expect(group).toBeDefined();
    const conn = truth.connections.find((c) => c.connectionId === group[0]!.connectionId)!.name;
    const glob = `${conn}/${group[0]!.path[0]}.${group[0]!.path[1]}.*`;
    const r = await cli(["materialize", "--affected-by", glob, "--affected-by", specOf(group[0]!), "--sync-schema", "--include-paused", "--no-state", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const syncs = emu.stats().connectionSyncs;
    expect(sorted(syncs.map((s) => JSON.stringify([s.connectionId, ...s.path])))).toEqual(sorted(group.map((t) => JSON.stringify([t.connectionId, ...t.path]))));
    for (const s of syncs) expect(s.count, s.path.join(".")).toBe(1);
    const seen = calls();
    const firstTrigger = seen.findIndex((c) => TRIGGER.test(c));
    if (firstTrigger >= 0) expect(firstTrigger).toBeGreaterThan(seen.map((c) => SYNC.test(c)).lastIndexOf(true));
    // The run refreshed what reads any of them.
    const doc = JSON.parse(r.stdout) as Doc;
    expect(sorted(doc.jobs.map(targetOf))).toEqual(sorted(group.flatMap((t) => t.downstreamSchedules.map((d) => d.sheetId))));
  }, 60_000);

  it("--dry-run --sync-schema syncs nothing and triggers nothing", async () => {
    const t = chainedTables()[0]!;
    const r = await cli(["materialize", "--affected-by", specOf(t), "--sync-schema", "--include-paused", "--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.outcome).toBe("dry-run");
    expect(doc.jobs.length).toBe(t.downstreamSchedules.length);
    const stats = emu.stats();
    expect(stats.connectionSyncs).toEqual([]);
    expect(stats.materializationsStarted.total).toBe(0);
    expect(calls().filter((c) => c.startsWith("POST ") && c !== "POST /v2/auth/token")).toEqual([]);
  }, 60_000);

  it("--sync-schema without changed tables is a usage error (exit 3)", async () => {
    const r = await cli(["materialize", "--workbook", "anything", "--sync-schema"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--sync-schema needs changed tables");
    expect(calls()).toEqual([]);
  });

  it("--affected-by-file -: tables from stdin (comments and blank lines ignored)", async () => {
    const [a, b] = chainedTables();
    const stdin = `# rebuilt by the nightly run\n${specOf(a!)}\n\n  ${specOf(b ?? a!)}   # trailing comment\n`;
    const r = await cli(["materialize", "--affected-by-file", "-", "--include-paused", "--dry-run", "--json"], stdin);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.plan.unmatchedTables).toEqual([]);
    expect(doc.plan.changes.map((c) => [c.spec, c.source])).toEqual([
      [specOf(a!), "stdin"],
      [specOf(b ?? a!), "stdin"],
    ]);
    const want = new Map<string, number>();
    for (const d of [a!, b ?? a!].flatMap((t) => t.downstreamSchedules)) want.set(d.sheetId, Math.max(want.get(d.sheetId) ?? 0, d.depth));
    expect(sorted(doc.jobs.map(targetOf))).toEqual(sorted(want.keys()));
    for (const j of doc.jobs) expect(j.because?.[0]).toMatch(/^table /);
  }, 60_000);

  it("--affected-by-file - with nothing on stdin: nothing to refresh, exit 0", async () => {
    const r = await cli(["materialize", "--affected-by-file", "-", "--json", "--no-state"], "# nothing rebuilt\n");
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.jobs).toEqual([]);
    expect(emu.stats().materializationsStarted.total).toBe(0);
  });

  it("the union with --workbook: the plan's jobs keep wave and because; the explicit target's own jobs have no because, wave 1", async () => {
    const t = chainedTables()[0]!;
    const inPlan = new Set(t.downstreamSchedules.map((d) => d.sheetId));
    // A workbook none of whose schedules the plan selects, with a unique name.
    const names = truth.workbooks.map((w) => w.name);
    const extra = truth.workbooks.find(
      (w) => !w.isArchived && !w.hiddenFromCaller && w.materializationSchedules.length > 0 && w.materializationSchedules.every((s) => !inPlan.has(s.sheetId)) && names.filter((n) => n === w.name).length === 1,
    )!;
    expect(extra).toBeDefined();
    const r = await cli(["materialize", "--affected-by", specOf(t), "--workbook", extra.name, "--include-paused", "--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const explicit = extra.materializationSchedules.map((s) => s.sheetId);
    expect(sorted(doc.jobs.map(targetOf))).toEqual(sorted([...inPlan, ...explicit]));
    for (const j of doc.jobs) {
      if (explicit.includes(targetOf(j))) {
        expect(j.because, targetOf(j)).toBeUndefined();
        expect(j.wave, targetOf(j)).toBe(1);
      } else {
        expect(j.wave).toBe(t.downstreamSchedules.find((d) => d.sheetId === targetOf(j))!.depth);
        expect(j.because?.[0]).toBe(`table ${specOf(t)}`);
      }
    }
  }, 60_000);

  it("the union with --workbook naming a document the plan also selects: each schedule once, the plan's wave and because kept", async () => {
    const t = chainedTables()[0]!;
    const deep = t.downstreamSchedules.filter((d) => d.documentType === "workbook").sort((x, y) => y.depth - x.depth)[0]!;
    const wb = truth.workbooks.find((w) => w.workbookId === deep.documentId)!;
    const r = await cli(["materialize", "--affected-by", specOf(t), "--workbook", wb.workbookId, "--include-paused", "--no-state", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const ids = doc.jobs.map(targetOf);
    expect(ids.length).toBe(new Set(ids).size);
    const job = doc.jobs.find((j) => targetOf(j) === deep.sheetId)!;
    expect(job.wave).toBe(deep.depth);
    expect(job.because?.[0]).toBe(`table ${specOf(t)}`);
    expect(emu.stats().materializationsByTarget[`workbook:${wb.workbookId}/${deep.sheetId}`]).toBe(1);
    expect(emu.stats().orderViolations).toBe(0);
  }, 60_000);
});
