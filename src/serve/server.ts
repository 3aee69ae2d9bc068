/**
 * serve's HTTP side (node:http): webhook intake, the page, the JSON API, /healthz and /metrics.
 * Intake order: size limit → read raw body → verify the sender → parse → commit the event row
 * → 202. Nothing is stored for a request that fails verification.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual, createHash } from "node:crypto";
import { dagreBrowserSource } from "../shared/graph-view.js";
import type { ServeConfig } from "./config.js";
import { UserError } from "../errors.js";
import type { Engine } from "./engine.js";
import type { ImpactSource, TableImpact } from "./impact.js";
import { parseDbtCloud } from "./hooks/dbt-cloud.js";
import { parseFivetran } from "./hooks/fivetran.js";
import { parseGeneric } from "./hooks/generic.js";
import type { ServeLogger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { pageHtml } from "./page/page.js";
import type { NewEvent, Store } from "./store.js";
import { verifyDbtCloud, verifyFivetran, verifyGeneric, type VerifyResult } from "./verify.js";
import { eventView, impactView, runView, runsView } from "./views.js";

/** What the HTTP side needs. */
export interface HttpDeps {
  store: Store;
  engine: Engine;
  config: ServeConfig;
  metrics: Metrics;
  logger: ServeLogger;
  /** True when the page and API need the bearer token (off loopback, or a token configured). */
  requireToken: boolean;
  /** Sigma reachable? (healthz) */
  sigmaHealthy: () => Promise<{ ok: boolean; detail?: string }>;
  /** Sigma client figures for /metrics. */
  clientStats: () => { requests: number; rateLimited: number; serverErrors: number };
  now: () => number;
  /** Lineage for the impact view. */
  impact: ImpactSource;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new TooLarge());
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json", "cache-control": "no-store", ...headers });
  res.end(text);
}

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/** Creates the server (not listening yet). `closing()` makes intake answer 503 while draining. */
export function createServeServer(d: HttpDeps): { server: Server; beginClosing(): void; notify(): void } {
  let closing = false;
  const streams = new Set<ServerResponse>();

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    if (!d.requireToken) return true;
    const token = d.config.apiToken;
    if (!token) return false;
    const auth = req.headers.authorization;
    const cookie = /(?:^|;\s*)sigmactl_token=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    const given = auth?.startsWith("Bearer ") ? auth.slice(7).trim() : cookie ? decodeURIComponent(cookie) : url.searchParams.get("token") ?? undefined;
    return given !== undefined && timingSafeEqual(digest(given), digest(token));
  };

  async function hook(req: IncomingMessage, res: ServerResponse, provider: "generic" | "dbt-cloud" | "fivetran"): Promise<void> {
    const count = (outcome: string): void => d.metrics.inc("sigmactl_serve_events_total", { source: provider, outcome });
    if (closing) return send(res, 503, { error: "shutting down; retry" }, { "retry-after": "5" });
    const cfg = provider === "generic" ? d.config.generic : provider === "dbt-cloud" ? d.config.dbtCloud : d.config.fivetran;
    if (!cfg) return send(res, 404, { error: `the ${provider} hook is not configured (serve.hooks in the config file)` });
    let body: Buffer;
    try {
      body = await readBody(req, d.config.maxBodyBytes);
    } catch (err) {
      if (err instanceof TooLarge) {
        count("too_large");
        return send(res, 413, { error: `body larger than ${d.config.maxBodyBytes} bytes` }, { connection: "close" });
      }
      throw err;
    }
    const header = (n: string): string | undefined => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    let verdict: VerifyResult;
    if (provider === "generic") verdict = verifyGeneric(d.config.generic!.secret, d.config.generic!.toleranceMs, header, body, d.now());
    else if (provider === "dbt-cloud") verdict = verifyDbtCloud(d.config.dbtCloud!.secret, header, body);
    else verdict = verifyFivetran(d.config.fivetran!.secret, header, body);
    if (!verdict.ok) {
      count("unauthorized");
      d.logger.log("warn", "webhook refused", { source: provider, reason: verdict.reason, remote: req.socket.remoteAddress });
      return send(res, 401, { error: `unauthorized: ${verdict.reason}` });
    }
    let parsed: { event: NewEvent } | { error: string };
    if (provider === "generic") parsed = parseGeneric(body);
    else if (provider === "dbt-cloud") parsed = parseDbtCloud(body, d.config.dbtCloud!.jobs);
    else parsed = parseFivetran(body, d.config.fivetran!.connectors);
    if ("error" in parsed) {
      count("invalid");
      return send(res, 400, { error: parsed.error });
    }
    const { id, duplicate } = await d.store.insertEventBatched(parsed.event);
    if (duplicate) {
      count("duplicate");
      return send(res, 200, { id, duplicate: true, status: d.store.event(id)?.status });
    }
    count(parsed.event.status === "queued" ? "accepted" : parsed.event.status);
    d.logger.log("info", "event stored", { id, source: parsed.event.source, status: parsed.event.status, tables: parsed.event.tables.length });
    if (parsed.event.status === "queued") d.engine.notify();
    notify();
    send(res, 202, { id, duplicate: false, status: parsed.event.status, ...(parsed.event.detail ? { detail: parsed.event.detail } : {}) });
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if (p === "/api/events") {
      const f = url.searchParams;
      const filter: Parameters<Store["events"]>[0] = { limit: Number(f.get("limit") ?? 50) || 50 };
      for (const k of ["q", "status", "provider"] as const) {
        const v = f.get(k);
        if (v) filter[k] = v;
      }
      const before = Number(f.get("before"));
      if (before > 0) filter.before = before;
      return send(res, 200, { events: d.store.events(filter) });
    }
    if ((m = /^\/api\/events\/(\d+)$/.exec(p))) {
      const v = eventView(d.store, Number(m[1]));
      return v ? send(res, 200, v) : send(res, 404, { error: `no event ${m[1]}` });
    }
    if (p === "/api/runs") return send(res, 200, runsView(d.store, Number(url.searchParams.get("limit") ?? 50) || 50));
    if ((m = /^\/api\/runs\/(\d+)$/.exec(p))) {
      const v = runView(d.store, Number(m[1]));
      return v ? send(res, 200, v) : send(res, 404, { error: `no run ${m[1]}` });
    }
    if (p === "/api/impact") {
      const table = url.searchParams.get("table")?.trim();
      if (!table) return send(res, 400, { error: "give ?table=[CONNECTION/]DB.SCHEMA.TABLE (globs allowed)" });
      let impact: TableImpact | { error: string };
      try {
        impact = await d.impact.impact(table);
      } catch (err) {
        if (err instanceof UserError) return send(res, 400, { error: err.message });
        // Sigma unreachable: the recent runs are still worth showing.
        d.logger.log("warn", "impact: lineage not read", { table, error: (err as Error).message });
        impact = { error: `lineage could not be read: ${(err as Error).message}` };
      }
      return send(res, 200, impactView(d.store, table, impact));
    }
    if (p === "/api/tables") {
      try {
        return send(res, 200, { tables: await d.impact.tables(url.searchParams.get("q") ?? "", Math.min(100, Number(url.searchParams.get("limit") ?? 20) || 20)) });
      } catch (err) {
        return send(res, 200, { tables: [], error: `lineage could not be read: ${(err as Error).message}` });
      }
    }
    if (p === "/api/stream") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write("retry: 2000\n\n");
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    send(res, 404, { error: `unknown API path ${p}` });
  }

  let pending: NodeJS.Timeout | undefined;
  function notify(): void {
    if (pending || streams.size === 0) return;
    pending = setTimeout(() => {
      pending = undefined;
      for (const s of streams) s.write("data: changed\n\n");
    }, 100);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://serve.local");
    const p = url.pathname;
    if (req.method === "POST" && p === "/hooks/generic") return hook(req, res, "generic");
    if (req.method === "POST" && p === "/hooks/dbt-cloud") return hook(req, res, "dbt-cloud");
    if (req.method === "POST" && p === "/hooks/fivetran") return hook(req, res, "fivetran");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: `${req.method} ${p} is not served` });
    if (p === "/healthz") {
      const sigma = await d.sigmaHealthy();
      const db = d.store.writable();
      return send(res, sigma.ok && db ? 200 : 503, { ok: sigma.ok && db, sigma: sigma.ok, db, ...(sigma.detail ? { detail: sigma.detail } : {}), closing });
    }
    if (!authorized(req, url)) return send(res, 401, { error: "a bearer token is required (serve.apiToken): Authorization: Bearer <token>, or open /?token=<token> once" }, { "www-authenticate": "Bearer" });
    if (p === "/" || p === "/index.html") {
      const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
      const t = url.searchParams.get("token");
      if (t && d.requireToken) headers["set-cookie"] = `sigmactl_token=${encodeURIComponent(t)}; HttpOnly; SameSite=Strict; Path=/`;
      res.writeHead(200, { ...headers, "cache-control": "no-store", "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'" });
      return void res.end(pageHtml());
    }
    if (p === "/assets/dagre.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "max-age=3600" });
      return void res.end(dagreBrowserSource());
    }
    if (p === "/metrics") {
      const counts = d.store.counts();
      const queuedEvents = counts.events.filter((e) => e.status === "queued").reduce((a, e) => a + e.n, 0);
      const queuedJobs = counts.jobs.filter((j) => j.status === "queued").reduce((a, j) => a + j.n, 0);
      d.metrics.set("sigmactl_serve_queue_depth", { kind: "events" }, queuedEvents);
      d.metrics.set("sigmactl_serve_queue_depth", { kind: "jobs" }, queuedJobs);
      const s = d.clientStats();
      d.metrics.set("sigmactl_serve_sigma_requests_total", {}, s.requests);
      d.metrics.set("sigmactl_serve_sigma_rate_limited_total", {}, s.rateLimited);
      d.metrics.set("sigmactl_serve_sigma_server_errors_total", {}, s.serverErrors);
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
      return void res.end(d.metrics.render());
    }
    if (p.startsWith("/api/")) return api(req, res, url);
    send(res, 404, { error: `not found: ${p}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      d.logger.log("error", "request failed", { path: req.url, error: (err as Error).message });
      if (!res.headersSent) send(res, 500, { error: "internal error (see the service log)" });
      else res.end();
    });
  });
  server.requestTimeout = 30_000;
  return {
    server,
    beginClosing() {
      closing = true;
      for (const s of streams) s.end();
      streams.clear();
    },
    notify,
  };
}
