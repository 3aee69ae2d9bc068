/** Token exchange and error envelopes `{code, message, requestId}` (400, 401, 404). */
import { expect, it } from "vitest";
import { TokenResponseDocSchema } from "../../src/schemas/index.js";
import { describeWithOpenApi, loadOpenApi } from "../helpers/openapi.js";
import { Conformance, SIZES } from "./support.js";

describeWithOpenApi("the OpenAPI oracle", () => {
  it("is present (set SIGMA_OPENAPI to Sigma's openapi.json if this fails)", () => {
    expect(() => loadOpenApi()).not.toThrow();
  });
});

describeWithOpenApi.each(SIZES)("auth and errors conform (%s org)", (size) => {
  const c = Conformance.forSuite(size);

  it("exchanges client credentials (form body) for a bearer token", async () => {
    const form = `grant_type=client_credentials&client_id=${encodeURIComponent(c.emu.clientId)}&client_secret=${encodeURIComponent(c.emu.clientSecret)}`;
    const a = await c.tokenRequest(form);
    c.expectValid("POST", "/v2/auth/token", a, TokenResponseDocSchema);
    expect((a.body as { token_type?: string }).token_type?.toLowerCase()).toBe("bearer");
    c.assertClean(1);
  });

  it("refuses a wrong secret with an error envelope", async () => {
    const form = `grant_type=client_credentials&client_id=${encodeURIComponent(c.emu.clientId)}&client_secret=wrong-secret-value`;
    c.expectError("POST", "/v2/auth/token", await c.tokenRequest(form), [400, 401]);
    c.assertClean(1);
  });

  it("401 without a token and with a bad token", async () => {
    c.expectError("GET", "/v2/workbooks", await c.call("GET", "/v2/workbooks", undefined, null), 401);
    c.expectError("GET", "/v2/workbooks", await c.call("GET", "/v2/workbooks", undefined, "not-a-real-token-123"), 401);
    c.expectError("GET", "/v2/whoami", await c.call("GET", "/v2/whoami", undefined, "not-a-real-token-123"), 401);
    c.assertClean(3);
  });

  it("404 for unknown ids on known routes", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const p of [
      `/v2/workbooks/${missing}`,
      `/v2/workbooks/${missing}/pages`,
      `/v2/dataModels/${missing}`,
      `/v2/datasets/${missing}`,
      `/v2/members/${missing}`,
      `/v2/connections/${missing}`,
      `/v2/files/${missing}`,
    ]) {
      c.expectError("GET", p, await c.call("GET", p), 404);
    }
    c.assertClean(7);
  });

  it("404 for an unknown route", async () => {
    const a = await c.call("GET", "/v2/no-such-route");
    expect(a.status).toBe(404);
  });

  it("400 for a malformed limit or page", async () => {
    c.expectError("GET", "/v2/workbooks?limit=abc", await c.call("GET", "/v2/workbooks?limit=abc"), 400);
    c.expectError("GET", "/v2/workbooks?limit=-1", await c.call("GET", "/v2/workbooks?limit=-1"), 400);
    c.expectError("GET", "/v2/workbooks?page=not-a-cursor", await c.call("GET", "/v2/workbooks?page=not-a-cursor"), 400);
    c.assertClean(3);
  });
});
