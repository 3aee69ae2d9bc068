/**
 * A loopback HTTP front for an in-process emulator that sees every trigger POST: it calls
 * `onArrive(n)` when the n-th trigger arrives and `onAccepted(n)` once the emulator started the
 * run, then holds the answer `holdMs` before sending it. Tests kill sigmactl from those hooks, so
 * the kill instants follow the trigger count, not wall-clock sleeps. A request whose client died
 * is still forwarded (Sigma, too, runs what reached it).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "../../../src/emulator/index.js";

/** What the proxy reports and lets tests hook into. */
export interface TriggerProxy {
  url: string;
  /** Trigger POSTs seen so far. */
  arrived: number;
  onArrive: (n: number) => void;
  onAccepted: (n: number) => void;
  /** Delay of each trigger's answer (ms). */
  holdMs: number;
  close(): Promise<void>;
}

const TRIGGER = /^\/v2\/(workbooks\/[^/]+\/materializations|dataModels\/[^/]+:materialize|datasets\/[^/]+\/materialization)$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Starts the proxy on 127.0.0.1 in front of `emu` (which need not listen). */
export async function startTriggerProxy(emu: Emulator, holdMs: number): Promise<TriggerProxy> {
  const proxy: TriggerProxy = { url: "", arrived: 0, onArrive: () => undefined, onAccepted: () => undefined, holdMs, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req).catch(() => Buffer.alloc(0));
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const trigger = req.method === "POST" && TRIGGER.test(path);
      const n = trigger ? ++proxy.arrived : 0;
      if (trigger) proxy.onArrive(n);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const answer = await emu.fetch(`${emu.url}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        body: req.method === "GET" || req.method === "HEAD" || body.length === 0 ? undefined : body,
      });
      const text = Buffer.from(await answer.arrayBuffer());
      if (trigger) {
        proxy.onAccepted(n);
        await new Promise((r) => setTimeout(r, proxy.holdMs));
      }
      if (res.destroyed) return;
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
      });
      res.writeHead(answer.status, { ...out, "content-length": text.length });
      res.end(text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
