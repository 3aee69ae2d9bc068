/**
 * Secrets never reach the terminal: every command run with --verbose against the emulator,
 * behind a recording proxy that learns the access and refresh tokens the CLI was given.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { runCli } from "../helpers/run-cli.js";

let emu: Emulator;
let proxy: Server;
let url: string;
const tokens = new Set<string>();

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  emu = await createEmulator({ seed: 5, size: "small", materializationTime: [0.1, 0.2], log: () => undefined });
  proxy = createServer((req, res) => {
    void (async () => {
      const payload = await body(req);
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      const answer = await emu.fetch(`${emu.url}${req.url ?? "/"}`, { method: req.method, headers, body: payload.length > 0 ? payload : undefined });
      const text = await answer.text();
      if (req.url?.startsWith("/v2/auth/token") && answer.ok) {
        const t = JSON.parse(text) as { access_token?: string; refresh_token?: string };
        for (const v of [t.access_token, t.refresh_token]) if (v) tokens.add(v);
      }
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(text);
    })();
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
  await emu.close();
});

describe("no secret in any output, even with --verbose", () => {
  it("whoami, api, materialize, extract and a refused secret", async () => {
    const env = { NO_COLOR: "1", SIGMA_BASE_URL: url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, SIGMACTL_STATE_DIR: mkdtempSync(join(tmpdir(), "sigmactl-secrets-")) };
    const truth = emu.truth() as { dataModels: Array<{ dataModelId: string; materializationSchedules: Array<{ paused: boolean }> }> };
    const dm = truth.dataModels.find((d) => d.materializationSchedules.some((s) => !s.paused));
    expect(dm).toBeDefined();
    const runs = [
      await runCli(["whoami", "--verbose"], { env }),
      await runCli(["api", "GET", "/v2/workbooks", "--paginate", "--verbose"], { env }),
      await runCli(["materialize", "--data-model", dm?.dataModelId as string, "--verbose", "--poll-interval", "100ms:200ms"], { env }),
      await runCli(["materialize", "--data-model", dm?.dataModelId as string, "--verbose", "--json", "--force", "--poll-interval", "100ms:200ms"], { env, tty: true }),
      await runCli(["extract", "-o", mkdtempSync(join(tmpdir(), "sigmactl-secrets-x-")), "--assets", "workbooks,members", "--verbose"], { env }),
      await runCli(["whoami", "--verbose", "--client-secret", emu.clientSecret], { env: { ...env, SIGMA_CLIENT_SECRET: "" } }),
      await runCli(["whoami", "--verbose"], { env: { ...env, SIGMA_CLIENT_SECRET: "wrong-secret-0123456789" } }),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 4]);
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    for (const r of runs) {
      const all = r.stdout + r.stderr;
      expect(all).toMatch(/GET \/v2\//); // --verbose really logged requests
      expect(all).not.toContain(emu.clientSecret);
      expect(all).not.toContain("wrong-secret-0123456789");
      for (const t of tokens) expect(all).not.toContain(t);
    }
  });
});
