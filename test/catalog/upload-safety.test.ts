/**
 * `sigmactl upload` never lies about what was sent: redirects are not followed (nothing goes to
 * another host, and the error says where it pointed), a refused Catalog token gets Catalog hints,
 * and `-d` refuses a run whose summary says it is incomplete unless --allow-incomplete.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { upload } from "../../src/catalog/index.js";
import { runCli } from "../helpers/run-cli.js";

const TOKEN = "catalog-token-0123456789";
const SOURCE = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";
const TS = 1700000000;

let dir: string;
const servers: Server[] = [];

/** A loopback server counting the requests (and bytes) it received. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; requests: () => number; bytes: () => number }> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    requests++;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => handler(req, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests: () => requests, bytes: () => bytes };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-upload-safety-"));
  await writeFile(join(dir, `${TS}-workbooks.json`), "[]");
  await writeFile(join(dir, `${TS}-files.json`), "[]");
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
  await rm(dir, { recursive: true, force: true });
});

const summary = (doc: unknown) => writeFile(join(dir, `${TS}-summary.json`), JSON.stringify(doc));

describe("upload and redirects", () => {
  it.each([301, 302, 307, 308])("%i: not followed, nothing sent elsewhere, the status and Location host reported, the other files not tried", async (status) => {
    const elsewhere = await serve((_req, res) => res.end("{}"));
    const ingest = await serve((_req, res) => {
      res.writeHead(status, { location: `${elsewhere.url}/steal?token=x` });
      res.end();
    });
    await summary({ complete: true });
    const report = await upload({
      token: TOKEN,
      sourceId: SOURCE,
      fileType: "VIZ",
      files: [join(dir, `${TS}-files.json`), join(dir, `${TS}-workbooks.json`)],
      ingestUrl: ingest.url,
      maxRetries: 2,
      sleep: async () => undefined,
    });
    expect(elsewhere.requests()).toBe(0);
    expect(ingest.requests()).toBe(1);
    expect(report.uploaded).toEqual([]);
    expect(report.failed[0]).toMatchObject({ status, redirect: { status, location: elsewhere.url }, attempts: 1 });
    expect(report.failed[0]!.error).toBe(`the ingest host answered ${status} (redirect to ${elsewhere.url}); not followed, since the Catalog token would go along`);
    expect(report.failed[1]).toMatchObject({ attempts: 0, error: "not attempted: the ingest host redirects elsewhere" });
  });

  it("the CLI exits 5, says where the redirect pointed and never says uploaded", async () => {
    const ingest = await serve((_req, res) => {
      res.writeHead(301, { location: "https://ingest.elsewhere.example/x" });
      res.end();
    });
    await summary({ complete: true });
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", ingest.url], { env: { NO_COLOR: "1" } });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^error: POST \/visualization-.* failed with 301: the ingest host answered 301 \(redirect to https:\/\/ingest\.elsewhere\.example\); not followed, since the Catalog token would go along; 3 of 3 file\(s\) not uploaded$/m);
    expect(r.stderr).toContain("hint: point -z/--zone or --ingest-url at the final address");
    expect(r.stdout).toMatch(/^0 of 3 file\(s\) uploaded/);
    expect(r.stderr).not.toContain(TOKEN);
  });
});

describe("upload with a refused Catalog token", () => {
  it("401: the hint is about the Catalog token and zone, not Sigma's credentials", async () => {
    const ingest = await serve((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end('{"detail":"Invalid token."}');
    });
    await summary({ complete: true });
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", ingest.url], { env: { NO_COLOR: "1" } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("hint: the Catalog token was refused: check -k/--token or CASTOR_UPLOADER_TOKEN");
    expect(r.stderr).toContain("hint: a token works in its own zone only: check -z/--zone");
    expect(r.stderr).not.toMatch(/client id|SIGMA_CLIENT|--base-url/);
    expect(r.stderr).not.toContain(TOKEN);
  });
});

describe("upload -d of an incomplete run", () => {
  it("refuses a run whose summary says parts were skipped: exit 1, why, nothing sent", async () => {
    const ingest = await serve((_req, res) => res.end("{}"));
    await summary({ complete: false, error_count: 2, incomplete_assets: ["pages", "elements"] });
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", ingest.url], { env: { NO_COLOR: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: not uploading run ${TS} of ${dir}: its summary says it is incomplete (2 part(s) skipped; rows missing from pages, elements); nothing was sent (pass --allow-incomplete to upload it anyway)`,
    );
    expect(ingest.requests()).toBe(0);
  });

  it("refuses a run without a summary (interrupted) too", async () => {
    const ingest = await serve((_req, res) => res.end("{}"));
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", ingest.url], { env: { NO_COLOR: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: not uploading run ${TS} of ${dir}: it has no summary (interrupted, still running or failed)`);
    expect(ingest.requests()).toBe(0);
  });

  it("--allow-incomplete uploads it, with a warning", async () => {
    const ingest = await serve((_req, res) => res.end("{}"));
    await summary({ complete: false, error_count: 1, incomplete_assets: ["lineage"] });
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", ingest.url, "--allow-incomplete"], { env: { NO_COLOR: "1" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`uploading run ${TS} although its summary says it is incomplete (1 part(s) skipped; rows missing from lineage) (--allow-incomplete)`);
    expect(ingest.requests()).toBe(3);
  });

  it("a complete run (and castor's summaries, which carry no `complete`) goes through", async () => {
    const ingest = await serve((_req, res) => res.end("{}"));
    await summary({ python_version: "3.11", version: "0.1", executed_at: "x", host: "h" });
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", ingest.url], { env: { NO_COLOR: "1" } });
    expect(r.code, r.stderr).toBe(0);
    expect(ingest.requests()).toBe(3);
  });
});
