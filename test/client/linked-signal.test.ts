/** linkSignals: one listener per source however many linked signals, gone once all are disposed. */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { linkSignals, linkedCount } from "../../src/client/transport/linked-signal.js";
import { BASE, CLIENT_ID, SECRET, scriptedFetch, tokenReply } from "./support.js";

const listeners = (s: AbortSignal) => getEventListeners(s, "abort").length;

/** Signals derived with AbortSignal.any that a source still records (Node internals; 0 if none). */
function dependants(source: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(source).find((k) => k.description === "kDependantSignals");
  const set = key ? (source as unknown as Record<symbol, Set<unknown> | undefined>)[key] : undefined;
  return set?.size ?? 0;
}

describe("linkSignals", () => {
  it("shares one listener per source and removes it with the last linked signal", () => {
    const a = new AbortController();
    const b = new AbortController();
    const links = Array.from({ length: 1000 }, () => linkSignals([a.signal, b.signal]));
    expect(listeners(a.signal)).toBe(1);
    expect(listeners(b.signal)).toBe(1);
    expect(linkedCount(a.signal)).toBe(1000);
    for (const l of links) l.dispose();
    links[0]?.dispose();
    expect(listeners(a.signal)).toBe(0);
    expect(listeners(b.signal)).toBe(0);
    expect(linkedCount(a.signal)).toBe(0);
    expect(links.some((l) => l.signal.aborted)).toBe(false);
  });

  it("aborts every live linked signal with the source's reason, not the disposed ones", () => {
    const a = new AbortController();
    const b = new AbortController();
    const live = linkSignals([a.signal, b.signal]);
    const gone = linkSignals([a.signal]);
    gone.dispose();
    const reason = new Error("job deadline");
    b.abort(reason);
    expect(live.signal.aborted).toBe(true);
    expect(live.signal.reason).toBe(reason);
    expect(gone.signal.aborted).toBe(false);
    live.dispose();
    expect(listeners(a.signal)).toBe(0);
  });

  it("is aborted at once when a source already is, and ignores missing sources", () => {
    const a = new AbortController();
    a.abort("stop");
    const l = linkSignals([undefined, a.signal]);
    expect(l.signal.aborted).toBe(true);
    expect(l.signal.reason).toBe("stop");
    expect(linkSignals([undefined]).signal.aborted).toBe(false);
  });
});

describe("the client and a long-lived signal", () => {
  it("leaves nothing recorded on the shared signal after many requests", async () => {
    const shared = new AbortController();
    const { fetch } = scriptedFetch((req) => (req.pathname === "/v2/auth/token" ? tokenReply() : { json: { userId: "u", organizationId: "o" } }));
    const client = new SigmaClient({ baseUrl: BASE, clientId: CLIENT_ID, clientSecret: SECRET, fetch, signal: shared.signal, concurrency: 16 });
    let during = 0;
    const all = Promise.all(
      Array.from({ length: 300 }, (_, i) => client.whoami(i % 3 === 0 ? { signal: new AbortController().signal } : {})),
    );
    during = linkedCount(shared.signal);
    await all;
    expect(during).toBeGreaterThan(0);
    expect(linkedCount(shared.signal)).toBe(0);
    expect(listeners(shared.signal)).toBe(0);
    // AbortSignal.any would leave one record per request on the source until it is collected.
    expect(dependants(shared.signal)).toBe(0);
  });
});
