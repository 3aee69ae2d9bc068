/** The page and API behind a bearer token (serve.apiToken; required off loopback), /healthz open; the CLI's errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { startHarness, type ServeHarness } from "./helpers.js";

const TOKEN = "page-token-0123456789abcdef";

describe("serve: access", () => {
  let h: ServeHarness;
  beforeAll(async () => {
    h = await startHarness({ serve: { apiToken: TOKEN } });
  });
  afterAll(async () => h?.close());

  it("refuses the page, API and metrics without the token; accepts Bearer and the ?token cookie; healthz stays open", async () => {
    for (const p of ["/", "/api/events", "/api/runs/1", "/metrics"]) expect((await fetch(`${h.serve.url}${p}`)).status).toBe(401);
    expect((await fetch(`${h.serve.url}/api/events`, { headers: { authorization: "Bearer wrong-token-xxxxxxxxxxxx" } })).status).toBe(401);
    expect((await fetch(`${h.serve.url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const page = await fetch(`${h.serve.url}/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect((await fetch(`${h.serve.url}/api/events`, { headers: { cookie: cookie.split(";")[0]! } })).status).toBe(200);
    expect((await fetch(`${h.serve.url}/healthz`)).status).toBe(200);
    // Hooks are authenticated by their signatures, not by the token.
    expect((await h.postGeneric({ source: "x", runId: "t1", tables: ["A.B.C"] })).status).toBe(202);
  });
});

describe("sigmactl serve (CLI)", () => {
  it("a config without hooks is a configuration error (exit 3), no stack trace", async () => {
    const r = await runCli(["serve", "--port", "0", "--db", "/tmp/never-created.db"], { env: { SIGMA_BASE_URL: "http://127.0.0.1:9", SIGMA_CLIENT_ID: "x", SIGMA_CLIENT_SECRET: "y" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/serve\.hooks: configure at least one hook/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("--help shows the curl line and examples", async () => {
    const r = await runCli(["serve", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/X-Sigmactl-Signature-256/);
    expect(r.stdout).toMatch(/--log-format/);
  });
});
