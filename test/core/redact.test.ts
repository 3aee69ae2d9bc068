/** The secret registry: long-lived secrets stay, short-lived tokens are bounded to the most recent. */
import { afterEach, describe, expect, it } from "vitest";
import { MAX_EPHEMERAL_SECRETS, clearSecrets, redact, registerSecret, registeredSecretCount } from "../../src/redact.js";

afterEach(() => clearSecrets());

const token = (i: number): string => `access-token-${String(i).padStart(6, "0")}`;

describe("registerSecret", () => {
  it("keeps only the most recent ephemeral values, and every permanent one", () => {
    registerSecret("client-secret-value-1");
    for (let i = 0; i < MAX_EPHEMERAL_SECRETS + 36; i++) registerSecret(token(i), { ephemeral: true });
    registerSecret("upload-token-value-2");
    expect(registeredSecretCount()).toEqual({ permanent: 2, ephemeral: MAX_EPHEMERAL_SECRETS });
    // The oldest 36 fell out; the newest 64 are still removed.
    expect(redact(`old ${token(0)} ${token(35)}`)).toBe(`old ${token(0)} ${token(35)}`);
    expect(redact(`new ${token(36)} ${token(99)}`)).toBe("new [REDACTED] [REDACTED]");
    expect(redact("a client-secret-value-1 b upload-token-value-2")).toBe("a [REDACTED] b [REDACTED]");
  });

  it("moves a re-registered ephemeral value to the recent end", () => {
    registerSecret(token(0), { ephemeral: true });
    for (let i = 1; i < MAX_EPHEMERAL_SECRETS; i++) registerSecret(token(i), { ephemeral: true });
    registerSecret(token(0), { ephemeral: true });
    registerSecret(token(1000), { ephemeral: true });
    expect(redact(token(0))).toBe("[REDACTED]");
    expect(redact(token(1))).toBe(token(1));
  });

  it("never lets a permanent secret become ephemeral (and evictable)", () => {
    registerSecret("client-secret-value-3");
    registerSecret("client-secret-value-3", { ephemeral: true });
    for (let i = 0; i < MAX_EPHEMERAL_SECRETS * 2; i++) registerSecret(token(i), { ephemeral: true });
    expect(redact("client-secret-value-3")).toBe("[REDACTED]");
    expect(registeredSecretCount().permanent).toBe(1);
  });

  it("promotes an ephemeral value registered again as permanent", () => {
    registerSecret("shared-value-4567", { ephemeral: true });
    registerSecret("shared-value-4567");
    expect(registeredSecretCount()).toEqual({ permanent: 1, ephemeral: 0 });
    for (let i = 0; i < MAX_EPHEMERAL_SECRETS * 2; i++) registerSecret(token(i), { ephemeral: true });
    expect(redact("x shared-value-4567")).toBe("x [REDACTED]");
  });

  it("replaces a secret that contains another one whole", () => {
    registerSecret("abcdefgh");
    registerSecret("abcdefgh-ijklmnop", { ephemeral: true });
    expect(redact("v=abcdefgh-ijklmnop; w=abcdefgh")).toBe("v=[REDACTED]; w=[REDACTED]");
  });

  it("ignores short and empty values", () => {
    registerSecret("short");
    registerSecret("");
    registerSecret(undefined, { ephemeral: true });
    expect(registeredSecretCount()).toEqual({ permanent: 0, ephemeral: 0 });
    expect(redact("short")).toBe("short");
  });
});

describe("redact patterns: credentials, not prose", () => {
  it.each([
    ["token: Invalid input", "token: Invalid input"],
    ["api_token: Invalid input", "api_token: Invalid input"],
    ["Invalid token provided", "Invalid token provided"],
    ["basic authentication required", "basic authentication required"],
    ["clientSecret: expected string, received undefined", "clientSecret: expected string, received undefined"],
  ])("leaves %j alone", (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ["Authorization: Bearer eyJhbGciOi.J9abc", "Authorization: Bearer [REDACTED]"],
    ["Authorization: Token 4f9c0e1b2a3d", "Authorization: Token [REDACTED]"],
    ["Basic dXNlcjpwYXNzd29yZA==", "Basic [REDACTED]"],
    ["client_secret=abc&grant_type=x", "client_secret=[REDACTED]&grant_type=x"],
    ["password=hunter", "password=[REDACTED]"],
    ['{"access_token":"Invalid"}', '{"access_token":"[REDACTED]"}'],
    ["token: 9f8e7d6c5b4a", "token: [REDACTED]"],
    ["refresh_token: averyveryverylongalphabeticvalue", "refresh_token: [REDACTED]"],
  ])("redacts %j", (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});
