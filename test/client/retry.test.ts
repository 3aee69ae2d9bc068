import { describe, expect, it } from "vitest";
import {
  NotFoundError,
  RateLimitError,
  ServerError,
  SigmaConnectionError,
} from "../../src/errors.js";
import { routes } from "../helpers/scripted-server.js";
import { makeClient, refusedError, scriptedFetch, tokenReply } from "./support.js";

const WB = { json: { workbookId: "w1", workbookUrlId: "u", name: "n", url: "x", path: "p", latestVersion: 1, ownerId: "o", createdBy: "o", updatedBy: "o", createdAt: "t", updatedAt: "t" } };

describe("retry layer through the client", () => {
  it("retries a GET on 503 and 502, then succeeds, waiting full-jitter backoff", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({ "POST /v2/auth/token": tokenReply(), "GET /v2/workbooks/w1": [{ status: 503 }, { status: 502 }, WB] }),
    );
    const { client, clock } = makeClient(fetch);
    const wb = await client.workbooks.get("w1");
    expect(wb.workbookId).toBe("w1");
    expect(requests.filter((r) => r.pathname === "/v2/workbooks/w1")).toHaveLength(3);
    // random = 0.5: attempt 0 → 0.5 × 500, attempt 1 → 0.5 × 1000
    expect(clock.sleeps).toEqual([250, 500]);
    expect(client.stats()).toMatchObject({ retries: 2, serverErrors: 2, requests: 4 });
  });

  it("honours Retry-After on a 429 and floors a bare 429 at 2 s", async () => {
    const { fetch } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2/workbooks/w1": [{ status: 429, headers: { "retry-after": "7" } }, { status: 429 }, WB],
      }),
    );
    const { client, clock } = makeClient(fetch);
    await client.workbooks.get("w1");
    expect(clock.sleeps).toEqual([7500, 2250]);
    expect(client.stats().rateLimited).toBe(2);
  });

  it("gives up after maxRetries and throws the mapped error with Retry-After", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2/workbooks/w1": { status: 429, headers: { "retry-after": "1" }, json: { code: "rate_limited", message: "slow down" } },
      }),
    );
    const { client } = makeClient(fetch, { maxRetries: 2 });
    const err = await client.workbooks.get("w1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(1000);
    expect((err as RateLimitError).message).toContain("slow down");
    expect(requests.filter((r) => r.pathname === "/v2/workbooks/w1")).toHaveLength(3);
  });

  it("does not retry 404", async () => {
    const { fetch, requests } = scriptedFetch(routes({ "POST /v2/auth/token": tokenReply() }));
    const { client } = makeClient(fetch);
    await expect(client.workbooks.get("nope")).rejects.toBeInstanceOf(NotFoundError);
    expect(requests).toHaveLength(2);
  });

  it("never retries a materialization trigger on 5xx or 408", async () => {
    for (const status of [500, 502, 503, 504, 408]) {
      const { fetch, requests } = scriptedFetch(
        routes({ "POST /v2/auth/token": tokenReply(), "POST /v2/workbooks/w1/materializations": { status } }),
      );
      const { client, clock } = makeClient(fetch);
      const err = await client.workbooks.materialize("w1", "sheet1").catch((e: unknown) => e);
      expect((err as { status?: number }).status).toBe(status);
      if (status >= 500) expect(err).toBeInstanceOf(ServerError);
      expect(requests.filter((r) => r.pathname.endsWith("/materializations"))).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    }
  });

  it("retries a materialization trigger refused with 429 (nothing was started), honouring Retry-After", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "POST /v2/datasets/d1/materialization": [{ status: 429, headers: { "retry-after": "3" } }, { status: 429 }, { json: { taskId: "t1" } }],
      }),
    );
    const { client, clock } = makeClient(fetch);
    await expect(client.datasets.materialize("d1")).resolves.toEqual({ taskId: "t1" });
    expect(requests.filter((r) => r.pathname === "/v2/datasets/d1/materialization")).toHaveLength(3);
    expect(clock.sleeps).toEqual([3375, 2250]);
    expect(client.stats()).toMatchObject({ rateLimited: 2, retries: 2 });
  });

  it("never retries a materialization trigger after a reset (it may have reached Sigma)", async () => {
    let calls = 0;
    const { fetch } = scriptedFetch((req) => {
      if (req.pathname === "/v2/auth/token") return tokenReply();
      calls += 1;
      throw refusedError("ECONNRESET");
    });
    const { client } = makeClient(fetch);
    const err = await client.dataModels.materialize("dm1", "s1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect((err as SigmaConnectionError).neverSent).toBe(false);
    expect(calls).toBe(1);
  });

  it("retries a materialization trigger when the connection was refused (never sent)", async () => {
    let calls = 0;
    const { fetch, requests } = scriptedFetch((req) => {
      if (req.pathname === "/v2/auth/token") return tokenReply();
      calls += 1;
      if (calls <= 2) throw refusedError(calls === 1 ? "ECONNREFUSED" : "EAI_AGAIN");
      return { json: { materializationId: "m1" } };
    });
    const { client } = makeClient(fetch);
    const started = await client.dataModels.materialize("dm1", "s1");
    expect(started.materializationId).toBe("m1");
    expect(calls).toBe(3);
    expect(requests[1]?.path).toBe("/v2/dataModels/dm1:materialize");
    expect(JSON.parse(requests[1]?.body ?? "")).toEqual({ sheetId: "s1" });
  });

  it("retries element lineage's 500 once (ordinary or transient: they look the same), and its 503 as usual", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2/workbooks/w1/lineage/elements/e1": { status: 500, json: { code: "service_error", message: "no lineage" } },
        "GET /v2/workbooks/w1/lineage/elements/e2": [{ status: 503 }, { json: { dependencies: {}, edges: [] } }],
        "GET /v2/workbooks/w1/lineage/elements/e3": [{ status: 500 }, { json: { dependencies: {}, edges: [] } }],
      }),
    );
    const { client } = makeClient(fetch);
    await expect(client.workbooks.elementLineage("w1", "e1")).rejects.toBeInstanceOf(ServerError);
    expect(requests.filter((r) => r.pathname.endsWith("/e1"))).toHaveLength(2);
    // A transient 500 is recovered by the one retry.
    await expect(client.workbooks.elementLineage("w1", "e3")).resolves.toEqual({ dependencies: {}, edges: [] });
    await expect(client.workbooks.elementLineage("w1", "e2")).resolves.toEqual({ dependencies: {}, edges: [] });
  });

  it("retries a GET after a reset and after DNS failure", async () => {
    let calls = 0;
    const { fetch } = scriptedFetch((req) => {
      if (req.pathname === "/v2/auth/token") return tokenReply();
      calls += 1;
      if (calls === 1) throw refusedError("ECONNRESET");
      if (calls === 2) throw refusedError("ENOTFOUND");
      return WB;
    });
    const { client } = makeClient(fetch);
    await expect(client.workbooks.get("w1")).resolves.toMatchObject({ workbookId: "w1" });
    expect(calls).toBe(3);
  });
});
