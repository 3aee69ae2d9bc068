/** The token provider registers tokens as ephemeral: an old token falls out, the client secret never does. */
import { afterEach, describe, expect, it } from "vitest";
import { MAX_EPHEMERAL_SECRETS, clearSecrets, redact, registeredSecretCount } from "../../src/redact.js";
import { SECRET, makeClient, scriptedFetch } from "./support.js";

afterEach(() => clearSecrets());

describe("secret registry over many token refreshes", () => {
  it("stays bounded and keeps redacting the secret and the recent tokens", async () => {
    let minted = 0;
    const tokenOf = (i: number): string => `short-lived-token-${String(i).padStart(4, "0")}`;
    const refreshOf = (i: number): string => `refresh-token-value-${String(i).padStart(4, "0")}`;
    const { fetch } = scriptedFetch((req) => {
      if (req.pathname === "/v2/auth/token") {
        minted += 1;
        return { json: { access_token: tokenOf(minted), refresh_token: refreshOf(minted), token_type: "bearer", expires_in: 10 } };
      }
      return { json: { userId: "u", organizationId: "o" } };
    });
    const { client, clock } = makeClient(fetch);
    const exchanges = MAX_EPHEMERAL_SECRETS; // two values each: access + refresh
    for (let i = 0; i < exchanges; i++) {
      await client.whoami();
      clock.advance(10_000); // the token expired: the next call exchanges again
    }
    expect(minted).toBe(exchanges);
    expect(client.stats().tokenRefreshes).toBe(exchanges);
    const count = registeredSecretCount();
    expect(count.ephemeral).toBe(MAX_EPHEMERAL_SECRETS);
    expect(count.permanent).toBe(1);
    // The first tokens fell out (they expired dozens of refreshes ago); the latest are redacted.
    expect(redact(tokenOf(1))).toBe(tokenOf(1));
    expect(redact(`${tokenOf(exchanges)} ${refreshOf(exchanges)}`)).toBe("[REDACTED] [REDACTED]");
    expect(redact(`secret ${SECRET}`)).toBe("secret [REDACTED]");
  });
});
