import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { objectPath, upload, type UploadOptions } from "../../src/catalog/index.js";
import { DEFAULT_RETRY_POLICY, retryDelay } from "../../src/client/transport/retry-policy.js";
import { classifyNetworkError } from "../../src/client/transport/network-error.js";
import { AuthenticationError } from "../../src/errors.js";

const TOKEN = "catalog-token-0123456789";
const SOURCE = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";
const SUMMARY = "1700000000-summary.json";
const WORKBOOKS = "1700000000-workbooks.json";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-upload-"));
  await writeFile(join(dir, WORKBOOKS), '[{"workbookId": "w1"}]');
  await writeFile(join(dir, SUMMARY), '{"version": "x"}');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Seen {
  url: string;
  auth: string | null;
  accept: string | null;
  fileName: string | undefined;
  content: string;
}

/** An in-process ingest: answers with the scripted statuses in turn, then 200. */
function fakeIngest(statuses: number[] = []) {
  const seen: Seen[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const form = await req.formData();
    const file = form.get("file") as File;
    seen.push({
      url: req.url,
      auth: req.headers.get("authorization"),
      accept: req.headers.get("accept"),
      fileName: file.name,
      content: await file.text(),
    });
    const status = statuses.shift() ?? 200;
    return new Response(status === 200 ? "{}" : `failure ${status}`, { status });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const noSleep = async () => {};

/** Upload options for files of the test directory (VIZ; the summary unless `names` says otherwise). */
function vizUpload(extra: Partial<UploadOptions>, names: string[] = [SUMMARY]): UploadOptions {
  return { token: TOKEN, sourceId: SOURCE, fileType: "VIZ", files: names.map((n) => join(dir, n)), ...extra };
}

describe("upload", () => {
  it("POSTs one multipart `file` per file to the zone host with Authorization: Token", async () => {
    const ingest = fakeIngest();
    const report = await upload(vizUpload({ zone: "US", fetch: ingest.fetch }, [WORKBOOKS, SUMMARY]));
    expect(report.failed).toEqual([]);
    expect(report.uploaded.map((u) => u.objectPath)).toEqual([
      `visualization-${SOURCE}/1700000000-workbooks.json`,
      `visualization-${SOURCE}/1700000000-summary.json`,
    ]);
    expect(ingest.seen[0]).toEqual({
      url: `https://ingest.us.castordoc.com/visualization-${SOURCE}/1700000000-workbooks.json`,
      auth: `Token ${TOKEN}`,
      accept: "text/csv, application/json",
      fileName: "1700000000-workbooks.json",
      content: '[{"workbookId": "w1"}]',
    });
  });

  it("defaults to the EU host and honours --ingest-url with a path", async () => {
    const a = fakeIngest();
    await upload(vizUpload({ fetch: a.fetch }));
    expect(a.seen[0]!.url).toBe(`https://ingest.castordoc.com/visualization-${SOURCE}/1700000000-summary.json`);
    const b = fakeIngest();
    await upload(vizUpload({ fileType: "WAREHOUSE", ingestUrl: "http://127.0.0.1:9/__emulator/ingest/", fetch: b.fetch }));
    expect(b.seen[0]!.url).toBe(`http://127.0.0.1:9/__emulator/ingest/warehouse-${SOURCE}/1700000000-summary.json`);
  });

  it("uses castor's object paths for every file type", () => {
    expect(objectPath("DBT", "s", "/x/manifest.json", 42)).toBe("transformation-s/42-manifest.json");
    expect(objectPath("QUALITY", "s", "/x/q.csv", 42)).toBe("quality-s/42-q.csv");
    expect(objectPath("VIZ", "s", "/x/1-a.json", 42)).toBe("visualization-s/1-a.json");
    expect(objectPath("WAREHOUSE", "s", "/x/1-a.json", 42)).toBe("warehouse-s/1-a.json");
  });

  it("retries 5xx and 429 with the client's backoff (full jitter, 429 floor), then succeeds", async () => {
    const ingest = fakeIngest([503, 429, 500]);
    const delays: number[] = [];
    const warnings: string[] = [];
    const report = await upload(
      vizUpload({ fetch: ingest.fetch, sleep: async (ms) => void delays.push(ms), random: () => 0.5, logger: { info: () => {}, warn: (m) => void warnings.push(m) } }),
    );
    expect(report.uploaded[0]!.attempts).toBe(4);
    // retryDelay of the client's policy with a 1 s base: half of 1 s; the 429 floor of 2 s plus
    // half of its 500 ms spread; half of 4 s.
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3, baseDelayMs: 1000 };
    const expected = [503, 429, 500].map((status, attempt) => retryDelay({ attempt, status, nowMs: 0, random: () => 0.5 }, policy));
    expect(delays).toEqual(expected);
    expect(delays).toEqual([500, 2250, 2000]);
    expect(warnings[0]).toBe("upload of 1700000000-summary.json failed (503); retrying in 500 ms (attempt 2 of 4)");
  });

  it("fails fast on a port fetch refuses (bad port): the client's permanent classification, no retry, the other files not tried", async () => {
    // Port 9 (discard) is on the Fetch standard's blocked list: undici refuses it before connecting.
    const sleeps: number[] = [];
    const report = await upload(vizUpload({ ingestUrl: "http://127.0.0.1:9/ingest", sleep: async (ms) => void sleeps.push(ms) }, [SUMMARY, WORKBOOKS]));
    expect(sleeps).toEqual([]);
    expect(report.uploaded).toEqual([]);
    expect(report.failed[0]).toMatchObject({ attempts: 1, unreachable: true });
    expect(report.failed[0]!.error).toContain("fetch refuses this port");
    expect(report.failed[0]!.error).not.toContain("fetch failed");
    expect(report.failed[1]).toMatchObject({ attempts: 0, error: "not attempted: the ingest host could not be reached" });
    // The same words as the client's classifier, not a second one.
    expect(classifyNetworkError(Object.assign(new TypeError("fetch failed"), { cause: new Error("bad port") }))).toMatchObject({ permanent: true });
  });

  it("reports a file whose retries run out and carries on with the next", async () => {
    const ingest = fakeIngest([500, 500, 400]);
    const report = await upload(vizUpload({ fetch: ingest.fetch, maxRetries: 1, sleep: noSleep }, [SUMMARY, WORKBOOKS]));
    expect(report.failed).toHaveLength(2);
    expect(report.failed[0]).toMatchObject({ attempts: 2, status: 500 });
    expect(report.failed[1]).toMatchObject({ attempts: 1, status: 400 });
  });

  it("stops at once on a refused token, without printing it", async () => {
    const ingest = fakeIngest([401]);
    const err = await upload(vizUpload({ fetch: ingest.fetch, sleep: noSleep }, [SUMMARY, WORKBOOKS])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(ingest.seen).toHaveLength(1);
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it("retries connection errors and timeouts against a real loopback server", async () => {
    let hits = 0;
    const server = createServer((req, res) => {
      hits++;
      // First request: never answer (timeout); second: answer.
      if (hits === 1) return;
      req.resume();
      req.on("end", () => res.end("{}"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    try {
      const report = await upload(vizUpload({ ingestUrl: `http://127.0.0.1:${port}`, timeoutMs: 200, sleep: noSleep }));
      expect(report.uploaded).toHaveLength(1);
      expect(report.uploaded[0]!.attempts).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    // A closed port: connection refused, retried, then reported.
    const report = await upload(vizUpload({ ingestUrl: `http://127.0.0.1:${port}`, maxRetries: 1, sleep: noSleep }));
    expect(report.failed[0]).toMatchObject({ attempts: 2 });
    expect(report.failed[0]!.error).toMatch(/ECONNREFUSED/);
  });
});
