import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/client/logger.js";
import { routes } from "../helpers/scripted-server.js";
import { makeClient, scriptedFetch, SECRET } from "./support.js";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2lnbWE.secret-token-value";

describe("secrets never leak", () => {
  it("keeps the client secret and the access token out of errors and verbose logs", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", verbose: true, write: (l) => lines.push(l) });
    const { fetch } = scriptedFetch(
      routes({
        "POST /v2/auth/token": { json: { access_token: TOKEN, token_type: "bearer", expires_in: 3600 } },
        // A careless server echoing what it got.
        "GET /v2/whoami": { status: 503, json: { message: `token ${TOKEN} secret ${SECRET}` } },
        "GET /v2/workbooks/w1": { status: 403, body: `<html><title>denied ${TOKEN}</title></html>` },
      }),
    );
    const { client } = makeClient(fetch, { logger, maxRetries: 2 });
    const errors = await Promise.all([
      client.whoami().catch((e: unknown) => e as Error),
      client.workbooks.get("w1").catch((e: unknown) => e as Error),
    ]);
    const rendered = [
      ...lines,
      ...errors.flatMap((e) => [e.message, String(e), JSON.stringify(e), (e as { apiMessage?: string }).apiMessage ?? ""]),
    ].join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(rendered).toContain("GET /v2/whoami 503");
    expect(rendered).toContain("[REDACTED]");
    expect(rendered).not.toContain(SECRET);
    expect(rendered).not.toContain(TOKEN);
  });

  it("refused credentials do not echo the secret", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", verbose: true, write: (l) => lines.push(l) });
    const { fetch } = scriptedFetch(
      routes({ "POST /v2/auth/token": { status: 401, json: { code: "unauthorized", message: `client_secret ${SECRET} invalid` } } }),
    );
    const { client } = makeClient(fetch, { logger });
    const err = (await client.whoami().catch((e: unknown) => e)) as Error;
    expect(`${err.message}\n${JSON.stringify(err)}\n${lines.join("")}`).not.toContain(SECRET);
  });
});
