/** `sigmactl upload` failing the way users meet it: an unreachable ingest host, plain http to a remote host. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { upload } from "../../src/catalog/index.js";
import { runCli } from "../helpers/run-cli.js";

const TOKEN = "catalog-token-0123456789";
const SOURCE = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-upload-ux-"));
  for (const name of ["1700000000-workbooks.json", "1700000000-files.json", "1700000000-summary.json"]) await writeFile(join(dir, name), "[]");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("upload to an unreachable ingest host", () => {
  it("stops after the first file's retries instead of retrying every file", async () => {
    const port = await closedPort();
    const files = ["workbooks", "files", "summary"].map((a) => join(dir, `1700000000-${a}.json`));
    const sleeps: number[] = [];
    const warnings: string[] = [];
    const report = await upload({
      token: TOKEN,
      sourceId: SOURCE,
      fileType: "VIZ",
      files,
      ingestUrl: `http://127.0.0.1:${port}/ingest`,
      maxRetries: 2,
      sleep: async (ms) => void sleeps.push(ms),
      logger: { info: () => undefined, warn: (m) => void warnings.push(m) },
    });
    expect(sleeps).toHaveLength(2); // the first file's retries only
    expect(report.uploaded).toEqual([]);
    expect(report.failed.map((f) => [f.attempts, f.unreachable === true])).toEqual([
      [3, true],
      [0, false],
      [0, false],
    ]);
    expect(report.failed[0]?.error).toMatch(/ECONNREFUSED/);
    expect(report.failed[1]?.error).toBe("not attempted: the ingest host could not be reached");
    expect(warnings.at(-1)).toBe(`cannot reach the ingest host 127.0.0.1:${port}: not trying the other 2 file(s)`);
  });

  it("the CLI exits 5 with one error line and an upload hint", async () => {
    const port = await closedPort();
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-f", join(dir, "1700000000-files.json"), "--ingest-url", `http://127.0.0.1:${port}`], {
      env: { NO_COLOR: "1", CASTOR_RETRY_OVERRIDE: "0" },
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^error: POST \/visualization-.*: cannot reach the ingest host 127\.0\.0\.1:\d+: .*ECONNREFUSED.*; 1 of 1 file\(s\) not uploaded$/m);
    expect(r.stderr).toContain("hint: check -z/--zone or --ingest-url and your network connection");
    expect(r.stderr).not.toContain(TOKEN);
  });
});

describe("upload interrupted", () => {
  it("says how many files were sent and that running it again sends them all", async () => {
    let received = 0;
    const server = createHttpServer((req, res) => {
      received++;
      req.resume();
      req.on("end", () => setTimeout(() => res.end("{}"), 150));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const stop = new AbortController();
    try {
      const port = (server.address() as { port: number }).port;
      const run = runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", `http://127.0.0.1:${port}`], { signal: stop.signal });
      // Interrupt while the second file is on its way.
      for (let i = 0; i < 200 && received < 2; i++) await new Promise((r) => setTimeout(r, 10));
      stop.abort();
      const r = await run;
      expect(r.code).toBe(130); // 130 from main.ts after a real SIGINT
      expect(r.stderr).toContain("error: interrupted after 1 of 3 file(s); run the same command again to send them all");
      expect(r.stderr).not.toContain(TOKEN);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("upload --ingest-url", () => {
  it("refuses plain http to a non-loopback host (the token would travel in clear), exit 3", async () => {
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", "http://ingest.example.com"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: refusing plain http:\/\/ to ingest\.example\.com: the Catalog token would travel unencrypted$/m);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("refuses what is not a URL", async () => {
    const r = await runCli(["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", "ftp://x"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--ingest-url must be an http(s) URL, got 'ftp://x'");
  });
});

describe("upload -d with older runs in the directory", () => {
  it("prints one line per run skipped, not one per file; --json still lists every file", async () => {
    const received: string[] = [];
    const server = createHttpServer((req, res) => {
      received.push(req.url ?? "");
      req.resume();
      req.on("end", () => res.end("{}"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      // Two older complete runs of four files each, and two files that are no run's.
      for (const ts of [1600000000, 1650000000]) {
        for (const a of ["workbooks", "files", "members", "summary"]) await writeFile(join(dir, `${ts}-${a}.json`), "[]");
      }
      for (const n of ["notes.txt", "README.md"]) await writeFile(join(dir, n), "x");
      const args = ["upload", "-k", TOKEN, "-s", SOURCE, "-t", "VIZ", "-d", dir, "--ingest-url", `http://127.0.0.1:${port}`];
      const r = await runCli(args, { env: { NO_COLOR: "1" } });
      expect(r.code, r.stderr).toBe(0);
      expect(received).toHaveLength(3); // the newest run only
      const lines = r.stderr.split("\n").filter((l) => l.startsWith("  "));
      expect(lines).toEqual([
        "  run 1650000000 (4 file(s)): older run than 1700000000",
        "  run 1600000000 (4 file(s)): older run than 1700000000",
        "  2 file(s), not an extraction file (<ts>-<asset>.json): README.md, notes.txt",
      ]);
      expect(r.stderr).toContain("upload: skipping 10 file(s) (pass --all to upload every file):");
      expect(r.stderr).not.toContain("1600000000-workbooks.json");
      const json = await runCli([...args, "--json"]);
      const doc = JSON.parse(json.stdout) as { skipped: Array<{ file: string; run?: number }> };
      expect(doc.skipped).toHaveLength(10);
      expect(doc.skipped.find((s) => s.file === "1600000000-workbooks.json")).toMatchObject({ run: 1600000000 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
