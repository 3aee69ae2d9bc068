/** The full client against a real HTTP server on 127.0.0.1 (no injected fetch). */
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { createLogger } from "../../src/client/logger.js";
import { NotFoundError, ResponseValidationError, SigmaConnectionError } from "../../src/errors.js";
import { routes, startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";

const SECRET = "real-http-secret-value";
const wb = (id: string) => ({
  workbookId: id, workbookUrlId: `u${id}`, name: `WB ${id}`, url: `https://app.sigmacomputing.com/o/workbook/u${id}`,
  path: "Shared", latestVersion: 3, ownerId: "m1", createdBy: "m1", updatedBy: "m1",
  createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z",
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fastRetries = { baseDelayMs: 1, maxDelayMs: 5, rateLimitFloorMs: 1 };

describe("SigmaClient over real HTTP", () => {
  it("authenticates, pages through a list, retries a 429, triggers and polls a materialization", async () => {
    const handler = routes({
      "POST /v2/auth/token": { json: { access_token: "tok-http-0001", token_type: "bearer", expires_in: 3600 } },
      "GET /v2/whoami": { json: { userId: "m1", organizationId: "org1" } },
      "GET /v2/workbooks": (req) =>
        req.query.get("page") === null
          ? { status: 200, json: { entries: [wb("a"), wb("b")], nextPage: "2", total: 3 } }
          : { json: { entries: [wb("c")], nextPage: null, total: 3 } },
      "GET /v2.1/workbooks/a/materialization-schedules": [
        { status: 429, headers: { "retry-after": "0" }, body: "" },
        { json: { entries: [{ sheetId: "s1", elementId: "e1", elementName: "Orders", schedule: null, configuredAt: "2026-01-01T00:00:00Z", paused: false }], nextPage: null } },
      ],
      "POST /v2/workbooks/a/materializations": { json: { materializationId: "mat-1" } },
      "GET /v2/workbooks/a/materializations/mat-1": { json: { materializationId: "mat-1", status: "ready" } },
    });
    server = await startScriptedServer(handler);
    const lines: string[] = [];
    const client = new SigmaClient({
      baseUrl: `${server.url}/v2/`,
      clientId: "cid",
      clientSecret: SECRET,
      retryPolicy: fastRetries,
      logger: createLogger({ level: "warn", verbose: true, write: (l) => lines.push(l) }),
    });

    expect(await client.whoami()).toEqual({ userId: "m1", organizationId: "org1" });
    const list = client.workbooks.list();
    expect((await list.toArray()).map((w) => w.workbookId)).toEqual(["a", "b", "c"]);
    expect(list.summary).toMatchObject({ pages: 2, received: 3, total: 3, complete: true });
    const [schedule] = await client.workbooks.materializationSchedules("a").toArray();
    expect(schedule?.sheetId).toBe("s1");
    const started = await client.workbooks.materialize("a", "s1");
    expect((await client.workbooks.getMaterialization("a", started.materializationId)).status).toBe("ready");

    expect(handler.unmatched).toEqual([]);
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      "POST /v2/auth/token",
      "GET /v2/whoami",
      "GET /v2/workbooks?limit=1000",
      "GET /v2/workbooks?limit=1000&page=2",
      "GET /v2.1/workbooks/a/materialization-schedules?limit=1000",
      "GET /v2.1/workbooks/a/materialization-schedules?limit=1000",
      "POST /v2/workbooks/a/materializations",
      "GET /v2/workbooks/a/materializations/mat-1",
    ]);
    expect(server.requests.slice(1).every((r) => r.headers.authorization === "Bearer tok-http-0001")).toBe(true);
    expect(JSON.parse(server.requests[6]?.body ?? "")).toEqual({ sheetId: "s1" });
    expect(server.requests[6]?.headers["content-type"]).toBe("application/json");
    // One verbose line per logical request (the token exchange is not one).
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.includes("schedules"))).toMatch(
      /^GET \/v2\.1\/workbooks\/a\/materialization-schedules\?limit=1000 200 \d+ms \(1 retry\)\n$/,
    );
    expect(client.stats()).toMatchObject({ requests: 8, retries: 1, rateLimited: 1, tokenRefreshes: 1, inFlight: 0 });
    expect(lines.join("")).not.toContain(SECRET);
  });

  it("maps errors and schema mismatches from a real server", async () => {
    server = await startScriptedServer(
      routes({
        "POST /v2/auth/token": { json: { access_token: "tok-http-0002", token_type: "bearer", expires_in: 3600 } },
        "GET /v2/workbooks/bad": { json: { workbookId: 42 } },
      }),
    );
    const client = new SigmaClient({ baseUrl: server.url, clientId: "cid", clientSecret: SECRET, retryPolicy: fastRetries });
    const nf = (await client.workbooks.get("missing").catch((e: unknown) => e)) as NotFoundError;
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf.message).toContain("errorcause UnmatchedHandler");
    const bad = (await client.workbooks.get("bad").catch((e: unknown) => e)) as ResponseValidationError;
    expect(bad).toBeInstanceOf(ResponseValidationError);
    expect(bad.method).toBe("GET");
    expect(bad.path).toBe("/v2/workbooks/bad");
    expect(bad.issues.some((i) => i.startsWith("workbookId: "))).toBe(true);
  });

  it("marks a refused connection as never sent (and retries it even for a POST)", async () => {
    // Take a free port, then close it so connections are refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new SigmaClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: "cid",
      clientSecret: SECRET,
      maxRetries: 2,
      retryPolicy: fastRetries,
    });
    const err = (await client.whoami().catch((e: unknown) => e)) as SigmaConnectionError;
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect(err.neverSent).toBe(true);
    expect(err.message).toBe(`POST /v2/auth/token: connection refused (ECONNREFUSED 127.0.0.1:${port})`);
    expect(client.stats().requests).toBe(3);
  });

  it("reports a connection reset mid-request as possibly sent", async () => {
    server = await startScriptedServer(
      routes({
        "POST /v2/auth/token": { json: { access_token: "tok-http-0003", token_type: "bearer", expires_in: 3600 } },
        "POST /v2/workbooks/w/materializations": { destroy: true },
      }),
    );
    const client = new SigmaClient({ baseUrl: server.url, clientId: "cid", clientSecret: SECRET, retryPolicy: fastRetries });
    const err = (await client.workbooks.materialize("w", "s").catch((e: unknown) => e)) as SigmaConnectionError;
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect(err.neverSent).toBe(false);
    expect(err.message).toBe("POST /v2/workbooks/w/materializations: connection closed by the server (UND_ERR_SOCKET)");
    expect(server.requests.filter((r) => r.path.endsWith("/materializations"))).toHaveLength(1);
  });
});
