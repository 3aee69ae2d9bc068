/** Bad hosts and ports as users meet them: one line, a useful hint, the right exit code. */
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { SigmaConnectionError } from "../../src/errors.js";
import { renderError } from "../../src/cli/render-error.js";
import { createColors } from "picocolors";
import { runCli } from "../helpers/run-cli.js";

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const creds = { NO_COLOR: "1", SIGMA_CLIENT_ID: "some-client-id", SIGMA_CLIENT_SECRET: "some-client-secret-0123" };

describe("host that is not Sigma", () => {
  it("says the host did not answer like Sigma's API (exit 5)", async () => {
    // A web server that knows nothing of /v2/auth/token.
    const server = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not Found</body></html>");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const r = await runCli(["whoami", "--base-url", `http://127.0.0.1:${(server.address() as AddressInfo).port}`], { env: creds });
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/^error: POST \/v2\/auth\/token failed with 404/);
      expect(r.stderr).toContain("hint: the host did not answer like Sigma's API: check --base-url/--cloud");
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("shows the reason undici hides behind 'fetch failed'", () => {
    const err = new SigmaConnectionError({
      request: { method: "POST", path: "/v2/auth/token" },
      message: "network error: fetch failed",
      cause: new TypeError("fetch failed", { cause: new Error("bad port") }),
    });
    expect(renderError(err, { colors: createColors(false) }).text).toBe(
      "error: POST /v2/auth/token: network error: fetch failed (bad port)\nhint: check --base-url/--cloud and your network connection\n",
    );
  });
});

describe("sigmactl emulator on a busy port", () => {
  it("is a usage error with a hint, not an internal error", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (busy.address() as AddressInfo).port;
      const r = await runCli(["emulator", "--size", "tiny", "--port", String(port)]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(`error: cannot listen on 127.0.0.1:${port}: the port is already in use\nhint: choose another --port, or --port 0 for any free port\n`);
      expect(r.stdout).toBe("");
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });
});
