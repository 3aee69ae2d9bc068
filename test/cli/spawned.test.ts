/**
 * End-to-end through a real process: the emulator command's JSON line and signal handling,
 * and main.ts's exit codes (the only place that calls process.exit).
 */
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "../helpers/run-cli.js";

describe("sigmactl emulator (spawned)", () => {
  it("prints one JSON line with url and credentials, serves them, and stops on SIGTERM", async () => {
    const proc = spawnCli(["emulator", "--size", "tiny", "--port", "0", "--seed", "5"]);
    try {
      const line = await proc.waitForStdout(/^\{/);
      const info = JSON.parse(line) as { url: string; clientId: string; clientSecret: string };
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(info).sort()).toEqual(["clientId", "clientSecret", "url"]);
      const env = { SIGMA_BASE_URL: info.url, SIGMA_CLIENT_ID: info.clientId, SIGMA_CLIENT_SECRET: info.clientSecret };
      const me = await runCli(["whoami", "--json"], { env });
      expect(me.code).toBe(0);
      expect(JSON.parse(me.stdout)).toMatchObject({ baseUrl: info.url });
    } finally {
      proc.kill("SIGTERM");
    }
    const done = await proc.exited;
    expect(done.code).toBe(0);
    expect(done.stdout.trim().split("\n")).toHaveLength(1);
    expect(done.stderr).toContain("sigma emulator stopped");
  });
});

describe("main.ts exit codes (spawned)", () => {
  it("exits 3 on usage errors and 5 on an unreachable host, without stacks or secrets", async () => {
    // In parallel: each process pays the start-up of tsx.
    const usage = spawnCli(["whoami", "--nope"]).exited;
    const badFlag = spawnCli(["emulator", "--size", "huge"]).exited;
    const auth = spawnCli(["whoami", "--base-url", "http://127.0.0.1:9"], {
      env: { SIGMA_CLIENT_ID: "id", SIGMA_CLIENT_SECRET: "secret-value-that-must-not-leak" },
    }).exited;
    const [u, f, a] = await Promise.all([usage, badFlag, auth]);
    expect(u.code).toBe(3);
    expect(u.stderr).toContain("error: unknown option '--nope'");
    expect(f.code).toBe(3);
    expect(f.stderr).toContain("error: --size: expected one of tiny, small, medium, large, xl, got 'huge'.");
    expect(f.stderr).toContain("hint: --size");
    expect(f.stdout).toBe("");
    // Nothing listens on port 9: a connection error, exit 5, with the secret nowhere.
    expect(a.code).toBe(5);
    expect(a.stderr).toMatch(/^error: POST \/v2\/auth\/token: /);
    expect(a.stderr + a.stdout).not.toContain("secret-value-that-must-not-leak");
    for (const r of [u, f, a]) expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
