/** Long retry waits are announced (info level, so --quiet hides them), at most once per 10 s per client. */
import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "../../src/client/logger.js";
import { routes } from "../helpers/scripted-server.js";
import { makeClient, refusedError, scriptedFetch, tokenReply } from "./support.js";

const WHO = { json: { userId: "u", organizationId: "o" } };

/** A client whose logger collects lines at `level`, over a scripted /v2/whoami. */
function setup(whoami: Parameters<typeof routes>[0][string], level: LogLevel = "info") {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => void lines.push(l) });
  const { fetch } = scriptedFetch(routes({ "POST /v2/auth/token": tokenReply(), "GET /v2/whoami": whoami }));
  const { client, clock } = makeClient(fetch, { logger });
  return { client, clock, lines };
}

describe("retry notices", () => {
  it("announces a wait after a 429 with its length, reason and attempt number", async () => {
    const { client, lines } = setup([{ status: 429, headers: { "retry-after": "4.2" } }, WHO]);
    await client.whoami();
    expect(lines).toEqual(["retrying GET /v2/whoami in 4.7 s after 429 (attempt 2/6)\n"]);
  });

  it("announces the 2 s floor of a bare 429 and counts attempts against maxRetries", async () => {
    const { fetch } = scriptedFetch(routes({ "POST /v2/auth/token": tokenReply(), "GET /v2/whoami": [{ status: 429 }, WHO] }));
    const lines: string[] = [];
    const { client } = makeClient(fetch, { logger: createLogger({ level: "info", write: (l) => void lines.push(l) }), maxRetries: 2 });
    await client.whoami();
    // 2 s floor + jitter (up to a quarter more; random = 0.5 here).
    expect(lines).toEqual(["retrying GET /v2/whoami in 2.3 s after 429 (attempt 2/3)\n"]);
  });

  it("says nothing about short backoffs", async () => {
    const { client, clock, lines } = setup([{ status: 503 }, { status: 502 }, WHO]);
    await client.whoami();
    expect(clock.sleeps).toEqual([250, 500]);
    expect(lines).toEqual([]);
  });

  it("prints at most one notice per 10 s and counts the ones it held back", async () => {
    const { client, clock, lines } = setup([{ status: 429 }, { status: 429 }, { status: 429 }, WHO, { status: 429 }, WHO]);
    await client.whoami();
    // Three 2.25 s waits (floor + jitter) in under 7 s of (fake) time: one line.
    expect(clock.sleeps).toEqual([2250, 2250, 2250]);
    expect(lines).toHaveLength(1);
    clock.advance(10_000);
    await client.whoami();
    expect(lines).toEqual([
      "retrying GET /v2/whoami in 2.3 s after 429 (attempt 2/6)\n",
      "retrying GET /v2/whoami in 2.3 s after 429 (attempt 2/6; 2 other waits not shown)\n",
    ]);
  });

  it("describes a connection error without repeating the request line", async () => {
    let calls = 0;
    const lines: string[] = [];
    const { fetch } = scriptedFetch((req) => {
      if (req.pathname === "/v2/auth/token") return tokenReply();
      calls += 1;
      if (calls === 1) throw refusedError("ECONNRESET");
      return WHO;
    });
    const { client } = makeClient(fetch, {
      logger: createLogger({ level: "info", write: (l) => void lines.push(l) }),
      retryPolicy: { baseDelayMs: 8000 },
    });
    await client.whoami();
    expect(lines).toEqual(["retrying GET /v2/whoami in 4.0 s after connection reset by peer (ECONNRESET 127.0.0.1:9) (attempt 2/6)\n"]);
  });

  it("is hidden at warn level (the CLI's --quiet)", async () => {
    const quiet = setup([{ status: 429 }, WHO], "warn");
    await quiet.client.whoami();
    expect(quiet.lines).toEqual([]);
    expect(quiet.client.stats().retries).toBe(1);
  });
});
