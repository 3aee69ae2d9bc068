/**
 * Serve test harness: an in-process emulator (short materializations), a SigmaClient over its
 * fetch, a temp database, `startServe` on 127.0.0.1:0, and signed senders for each hook.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { resolveServeConfig, startServe, type ServeHandle, type TablePlanner } from "../../src/serve/index.js";
import { hmacHex, signGeneric } from "../../src/serve/verify.js";

export const GENERIC_SECRET = "generic-secret-0123456789abcdef";
export const DBT_SECRET = "dbt-webhook-secret-0123456789";
export const FIVETRAN_SECRET = "fivetran-secret-0123456789abc";

/** One harness. */
export interface ServeHarness {
  emu: Emulator;
  client: SigmaClient;
  serve: ServeHandle;
  dir: string;
  dbPath: string;
  logs: string[];
  postGeneric(body: unknown, opts?: { secret?: string; timestamp?: number }): Promise<Response>;
  postDbt(body: unknown, opts?: { secret?: string }): Promise<Response>;
  postFivetran(body: unknown, opts?: { secret?: string; upper?: boolean }): Promise<Response>;
  /** Waits (bounded) until `check` is true. */
  until(check: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a harness. */
export async function startHarness(opts: { emulator?: EmulatorOptions; serve?: Record<string, unknown>; planner?: TablePlanner; emu?: Emulator } = {}): Promise<ServeHarness> {
  const emu = opts.emu ?? (await createEmulator({ size: "small", materializationTime: [0.2, 0.5], log: () => undefined, ...opts.emulator }));
  const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-serve-"));
  const dbPath = join(dir, "serve.db");
  const config = resolveServeConfig(
    {
      hooks: {
        generic: { secret: GENERIC_SECRET },
        dbtCloud: { secret: DBT_SECRET, apiToken: "dbt-api-token-123", apiBaseUrl: `${emu.url}/__emulator/dbt-cloud` },
        fivetran: { secret: FIVETRAN_SECRET, connectors: { conn_1: { schema: "RAW_SALES" } } },
      },
      debounce: "300ms",
      pollInterval: "100ms:300ms",
      ...opts.serve,
    },
    undefined,
  );
  const logs: string[] = [];
  const logger = { log: (level: string, msg: string, fields?: Record<string, unknown>) => void logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`) };
  const start = (): Promise<ServeHandle> =>
    startServe({ client, config, dbPath, port: 0, logger, ...(opts.planner ? { planner: opts.planner } : {}), dbtFetch: emu.fetch as typeof fetch });
  const h: ServeHarness = {
    emu,
    client,
    serve: await start(),
    dir,
    dbPath,
    logs,
    postGeneric(body, o = {}) {
      const text = JSON.stringify(body);
      const s = signGeneric(o.secret ?? GENERIC_SECRET, text, o.timestamp ?? Date.now() / 1000);
      return fetch(`${h.serve.url}/hooks/generic`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-sigmactl-timestamp": s.timestamp, "x-sigmactl-signature-256": s.signature },
        body: text,
      });
    },
    postDbt(body, o = {}) {
      const text = JSON.stringify(body);
      return fetch(`${h.serve.url}/hooks/dbt-cloud`, { method: "POST", headers: { "content-type": "application/json", authorization: hmacHex(o.secret ?? DBT_SECRET, text) }, body: text });
    },
    postFivetran(body, o = {}) {
      const text = JSON.stringify(body);
      const sig = hmacHex(o.secret ?? FIVETRAN_SECRET, text);
      return fetch(`${h.serve.url}/hooks/fivetran`, { method: "POST", headers: { "content-type": "application/json", "x-fivetran-signature-256": o.upper === false ? sig : sig.toUpperCase() }, body: text });
    },
    async until(check, what, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${logs.slice(-20).join("\n")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async restart() {
      await h.serve.close();
      h.serve = await start();
    },
    async close() {
      await h.serve.close();
      if (!opts.emu) await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Reads a JSON document from the service. */
export async function getJson<T = Record<string, unknown>>(h: ServeHarness, path: string): Promise<T> {
  const res = await fetch(`${h.serve.url}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** A document with unpaused schedules: what `target` runs (its unpaused sheetIds). */
export interface ActiveDoc {
  id: string;
  name: string;
  sheetIds: string[];
  target: { workbook: string } | { dataModel: string };
}

/** Workbooks, then data models, with unpaused schedules. */
export async function activeWorkbooks(client: SigmaClient): Promise<ActiveDoc[]> {
  const out: ActiveDoc[] = [];
  for (const w of await client.workbooks.list().toArray()) {
    const active = (await client.workbooks.materializationSchedules(w.workbookId).toArray()).filter((x) => !x.paused);
    if (active.length > 0) out.push({ id: w.workbookId, name: w.name ?? w.workbookId, sheetIds: active.map((x) => x.sheetId), target: { workbook: w.workbookId } });
  }
  for (const d of await client.dataModels.list().toArray()) {
    const active = (await client.dataModels.materializationSchedules(d.dataModelId).toArray()).filter((x) => !x.paused);
    if (active.length > 0) out.push({ id: d.dataModelId, name: d.name ?? d.dataModelId, sheetIds: active.map((x) => x.sheetId), target: { dataModel: d.dataModelId } });
  }
  return out;
}
