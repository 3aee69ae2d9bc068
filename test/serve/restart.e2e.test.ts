/**
 * kill -9 while jobs build, then restart on the same database: the jobs are re-attached by
 * materialization id (materialize's state file next to the database), none is triggered again,
 * the run completes. Then SIGTERM: intake stops and the process exits by itself. Real processes
 * (`sigmactl serve` spawned), the emulator on a loopback port; materializations take 3-4 s.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { signGeneric } from "../../src/serve/verify.js";
import { spawnCli, type SpawnedCli } from "../helpers/run-cli.js";
import { GENERIC_SECRET, activeWorkbooks, type ActiveDoc } from "./helpers.js";

interface JobDoc {
  status: string;
  materializationId: string | null;
  attached: boolean;
  sheetId: string;
}

describe("serve: kill -9 and restart", () => {
  let emu: Emulator;
  let dir: string;
  let doc: ActiveDoc;
  const children: SpawnedCli[] = [];
  beforeAll(async () => {
    emu = await createEmulator({ size: "small", materializationTime: [3, 4], listen: true, log: () => undefined });
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
    doc = (await activeWorkbooks(client)).sort((a, b) => b.sheetIds.length - a.sheetIds.length)[0]!;
    dir = await mkdtemp(join(tmpdir(), "sigmactl-serve-restart-"));
    await writeFile(join(dir, "serve.yaml"), `serve:\n  hooks:\n    generic:\n      secret: ${GENERIC_SECRET}\n  debounce: 100ms\n  pollInterval: 200ms:500ms\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const start = async (): Promise<{ proc: SpawnedCli; url: string }> => {
    const proc = spawnCli(["serve", "--config", join(dir, "serve.yaml"), "--port", "0", "--db", join(dir, "serve.db"), "--log-format", "json"], {
      env: { SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, NO_COLOR: "1" },
      timeoutMs: 60_000,
    });
    children.push(proc);
    const line = await proc.waitForStdout(/"url"/, 30_000);
    return { proc, url: (JSON.parse(line) as { url: string }).url };
  };
  const jobsOf = async (url: string, id: number): Promise<JobDoc[]> => ((await (await fetch(`${url}/api/events/${id}`)).json()) as { jobs: JobDoc[] }).jobs;
  const until = async (check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("re-attaches the building jobs after kill -9, triggers none again, and completes the run", async () => {
    const first = await start();
    const body = JSON.stringify({ source: "restart-test", runId: "kill-1", targets: [doc.target] });
    const s = signGeneric(GENERIC_SECRET, body, Date.now() / 1000);
    const res = await fetch(`${first.url}/hooks/generic`, { method: "POST", headers: { "x-sigmactl-timestamp": s.timestamp, "x-sigmactl-signature-256": s.signature }, body });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    await until(async () => {
      const jobs = await jobsOf(first.url, id);
      return jobs.length === doc.sheetIds.length && jobs.every((j) => j.materializationId !== null);
    }, "every job triggered");
    const before = await jobsOf(first.url, id);
    expect(before.every((j) => j.status !== "ready")).toBe(true); // still building: 3-4 s
    first.proc.kill("SIGKILL");
    await first.proc.exited;

    const second = await start();
    await until(async () => (await jobsOf(second.url, id)).every((j) => j.status === "ready"), "jobs ready after restart");
    const after = await jobsOf(second.url, id);
    for (const j of after) {
      expect(j.materializationId).toBe(before.find((b) => b.sheetId === j.sheetId)?.materializationId);
      expect(j.attached).toBe(true);
    }
    const by = emu.stats().materializationsByTarget;
    expect(doc.sheetIds.map((sid) => by[`workbook:${doc.id}/${sid}`] ?? 0)).toEqual(doc.sheetIds.map(() => 1));
    await until(async () => ((await (await fetch(`${second.url}/api/runs`)).json()) as { runs: Array<{ status: string }> }).runs[0]?.status === "ready", "run ready");

    second.proc.kill("SIGTERM");
    const exit = await second.proc.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toMatch(/"msg":"stopped"/);
  }, 90_000);
});
