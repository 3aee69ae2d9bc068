/**
 * A token exchange in back-off is cancelled when nobody waits for it any more (the client's
 * signal aborted, or every caller's own signal), instead of retrying on with a live timer.
 */
import { describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors.js";
import { makeClient, scriptedFetch, tokenReply } from "./support.js";

/** A sleep that only ends when told to, or with AbortedError when its signal aborts. */
function heldSleep() {
  const sleeps: Array<{ ms: number; aborted: boolean; wake: () => void }> = [];
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const entry = { ms, aborted: false, wake: resolve };
      sleeps.push(entry);
      signal?.addEventListener(
        "abort",
        () => {
          entry.aborted = true;
          reject(new AbortedError("wait cancelled"));
        },
        { once: true },
      );
    });
  return { sleep, sleeps };
}

/** A server whose token endpoint answers 503 (Retry-After 60) until `healthy` is set. */
function flakyTokenServer() {
  const state = { healthy: false, exchanges: 0 };
  const { fetch } = scriptedFetch((req) => {
    if (req.pathname === "/v2/auth/token") {
      state.exchanges += 1;
      return state.healthy ? tokenReply() : { status: 503, headers: { "retry-after": "60" } };
    }
    return { json: { userId: "u", organizationId: "o" } };
  });
  return { fetch, state };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe("token exchange cancellation", () => {
  it("the client's signal cancels an exchange waiting in back-off", async () => {
    const s = flakyTokenServer();
    const held = heldSleep();
    const ac = new AbortController();
    const { client } = makeClient(s.fetch, { sleep: held.sleep, signal: ac.signal });
    const p = client.whoami().catch((e: unknown) => e);
    await settle();
    expect(held.sleeps.map((x) => x.ms)).toEqual([60_500]);
    ac.abort();
    expect(await p).toBeInstanceOf(AbortedError);
    await settle();
    expect(held.sleeps[0]?.aborted).toBe(true);
    expect(s.state.exchanges).toBe(1);
  });

  it("is cancelled when the last caller stops waiting, and a later call starts afresh", async () => {
    const s = flakyTokenServer();
    const held = heldSleep();
    const { client } = makeClient(s.fetch, { sleep: held.sleep });
    const a = new AbortController();
    const b = new AbortController();
    const pa = client.whoami({ signal: a.signal }).catch((e: unknown) => e);
    const pb = client.whoami({ signal: b.signal }).catch((e: unknown) => e);
    await settle();
    a.abort();
    expect(await pa).toBeInstanceOf(AbortedError);
    await settle();
    // B still waits: the exchange goes on.
    expect(held.sleeps[0]?.aborted).toBe(false);
    b.abort();
    expect(await pb).toBeInstanceOf(AbortedError);
    await settle();
    expect(held.sleeps[0]?.aborted).toBe(true);
    expect(s.state.exchanges).toBe(1);
    s.state.healthy = true;
    await expect(client.whoami()).resolves.toMatchObject({ userId: "u" });
    expect(s.state.exchanges).toBe(2);
  });

  it("a caller whose signal is already aborted starts no exchange", async () => {
    const s = flakyTokenServer();
    const { client } = makeClient(s.fetch);
    const ac = new AbortController();
    ac.abort();
    await expect(client.whoami({ signal: ac.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(s.state.exchanges).toBe(0);
  });

  it("keeps the exchange for the callers still waiting", async () => {
    const s = flakyTokenServer();
    const held = heldSleep();
    const { client } = makeClient(s.fetch, { sleep: held.sleep });
    const a = new AbortController();
    const gone = client.whoami({ signal: a.signal }).catch((e: unknown) => e);
    const stays = client.whoami();
    await settle();
    a.abort();
    expect(await gone).toBeInstanceOf(AbortedError);
    s.state.healthy = true;
    held.sleeps[0]?.wake();
    await expect(stays).resolves.toMatchObject({ userId: "u" });
    expect(s.state.exchanges).toBe(2);
    expect(client.stats().tokenRefreshes).toBe(1);
  });
});
