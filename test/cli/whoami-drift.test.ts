/**
 * `sigmactl whoami --json` carries the drift report (issue #8): `[]` against a body that follows
 * the document, the differing fields against one that does not (here a member record without
 * `homeFolderId` and with an undocumented field); the answer itself is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { routes, startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";

const AT = "2026-03-02T10:15:00.000Z";
const MEMBER = {
  organizationId: "o1",
  memberId: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
  memberType: "admin",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@acme.example",
  profileImgUrl: null,
  createdBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
  updatedBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
  createdAt: AT,
  updatedAt: AT,
  homeFolderId: "1d7b3f9c-2e6a-4c8d-9b1f-5a3e7c9d1b2f",
  userKind: "internal",
};

let server: ScriptedServer;
let member: Record<string, unknown> = MEMBER;

beforeAll(async () => {
  server = await startScriptedServer(
    routes({
      "POST /v2/auth/token": { json: { access_token: "tok-whoami-drift-01", token_type: "bearer", expires_in: 3600 } },
      "GET /v2/whoami": { json: { userId: MEMBER.memberId, organizationId: "o1" } },
      [`GET /v2/members/${MEMBER.memberId}`]: () => ({ json: member }),
    }),
  );
});
afterAll(async () => {
  await server.close();
});

const env = () => ({ SIGMA_BASE_URL: server.url, SIGMA_CLIENT_ID: "c", SIGMA_CLIENT_SECRET: "whoami-secret-value-1", NO_COLOR: "1" });

describe("whoami --json drift", () => {
  it("is [] when the bodies follow the document", async () => {
    member = MEMBER;
    const r = await runCli(["whoami", "--json"], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ userId: MEMBER.memberId, email: "ada@acme.example", drift: [] });
    expect(r.stderr).toBe("");
  });

  it("lists how the member record differed, and --verbose prints each line", async () => {
    const { homeFolderId: _dropped, ...rest } = MEMBER;
    member = { ...rest, workspaceId: "7e1d5b3c-9a2f-4c6e-8b1d-3f5a7c9e1b2d" };
    const r = await runCli(["whoami", "--json", "--verbose"], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { name: string; drift: unknown[] };
    expect(out.name).toBe("Ada Lovelace");
    expect(out.drift).toEqual([
      { endpoint: "GET /v2/members/{memberId}", field: "homeFolderId", expected: "string", seen: "missing", count: 1, skipped: 0 },
      { endpoint: "GET /v2/members/{memberId}", field: "workspaceId", expected: "no such field", seen: "undocumented field", count: 1, skipped: 0 },
    ]);
    expect(r.stderr).toContain("debug: drift: GET /v2/members/{memberId} homeFolderId: expected string, seen missing (×1)");
  });
});
