/**
 * `startServe()`: the webhook receiver as a library (the CLI's `sigmactl serve` and the tests
 * call it). It opens the database, resumes what a previous process left, listens, and returns
 * a handle whose `close()` stops intake, lets in-flight triggers finish and be recorded, and
 * leaves running Sigma jobs to the next start (they are re-attached, not triggered again).
 */
import type { AddressInfo } from "node:net";
import type { SigmaClient } from "../client/client.js";
import { ConfigError } from "../errors.js";
import type { ServeConfig } from "./config.js";
import { openDb } from "./db.js";
import { planRefresh } from "../lineage/plan-refresh.js";
import { Engine } from "./engine.js";
import { ImpactSource } from "./impact.js";
import type { ServeLogger } from "./log.js";
import { serveMetrics } from "./metrics.js";
import type { TablePlanner } from "./planner.js";
import { createServeServer } from "./server.js";
import { Store } from "./store.js";

export { resolveServeConfig, type ServeConfig } from "./config.js";
export { createServeLogger, type ServeLogger } from "./log.js";
export { signGeneric, hmacHex } from "./verify.js";
export type { TablePlanner, PlanChanges } from "./planner.js";

/** Options of {@link startServe}. */
export interface ServeOptions {
  client: SigmaClient;
  config: ServeConfig;
  /** SQLite file (created if missing). */
  dbPath: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger: ServeLogger;
  /** The lineage planner (default: issue #9's, once merged; see planner.ts). */
  planner?: TablePlanner;
  /** fetch for dbt Cloud's API (tests pass the emulator's). */
  dbtFetch?: typeof fetch;
  now?: () => number;
}

/** A running service. */
export interface ServeHandle {
  url: string;
  store: Store;
  engine: Engine;
  /** Stops intake, stops waiting on Sigma (state kept for the next start), closes the database. */
  close(): Promise<void>;
}

/** True when `host` can only be reached from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Starts the service. @throws ConfigError when listening off loopback without serve.apiToken */
export async function startServe(o: ServeOptions): Promise<ServeHandle> {
  const host = o.host ?? "127.0.0.1";
  const loopback = isLoopbackHost(host);
  if (!loopback && !o.config.apiToken) {
    throw new ConfigError(`serve on ${host} (reachable from other machines) needs serve.apiToken (or apiTokenFile) in the config file: the page and JSON API then require it as a bearer token`);
  }
  const now = o.now ?? Date.now;
  const db = openDb(o.dbPath);
  const store = new Store(db, now);
  const metrics = serveMetrics();
  // The lineage planner's document cache (by updatedAt), shared by plans and the impact view.
  const lineageCacheDir = `${o.dbPath}.lineage-cache`;
  const planner: TablePlanner = o.planner ?? ((client, changes, options) => planRefresh(client, changes, { ...options, cacheDir: lineageCacheDir }));
  let notify = (): void => undefined;
  const engine = new Engine({
    store,
    client: o.client,
    config: o.config,
    stateFile: `${o.dbPath}.materialize-state.json`,
    logger: o.logger,
    metrics,
    planner,
    ...(o.dbtFetch ? { dbtFetch: o.dbtFetch } : {}),
    onChange: () => notify(),
  });
  const http = createServeServer({
    store,
    engine,
    config: o.config,
    metrics,
    logger: o.logger,
    requireToken: !loopback || o.config.apiToken !== undefined,
    sigmaHealthy: async () => {
      try {
        await o.client.whoami({ signal: AbortSignal.timeout(5000) });
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      }
    },
    clientStats: () => o.client.stats(),
    now,
    impact: new ImpactSource(o.client, { cacheDir: lineageCacheDir, now }),
  });
  notify = http.notify;
  const prune = (): void => {
    const removed = store.prune(new Date(now() - o.config.retentionMs).toISOString());
    if (removed > 0) o.logger.log("info", "history pruned", { events: removed });
  };
  prune();
  const pruneTimer = setInterval(prune, Math.min(3_600_000, Math.max(60_000, o.config.retentionMs / 10)));
  pruneTimer.unref();
  await new Promise<void>((resolve, reject) => {
    http.server.once("error", reject);
    http.server.listen(o.port ?? 0, host, () => resolve());
  });
  engine.start();
  const address = http.server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  o.logger.log("info", "listening", { url });
  let closed: Promise<void> | undefined;
  return {
    url,
    store,
    engine,
    close() {
      closed ??= (async () => {
        http.beginClosing();
        clearInterval(pruneTimer);
        const stopped = new Promise<void>((r) => http.server.close(() => r()));
        http.server.closeIdleConnections();
        await engine.close();
        http.server.closeAllConnections();
        await stopped;
        db.close();
        o.logger.log("info", "stopped");
      })();
      return closed;
    },
  };
}
