/** Single team and workspace reads, validated against Sigma's OpenAPI document. */
import { expect, it } from "vitest";
import { TeamSchema, WorkspaceDocSchema } from "../../src/schemas/index.js";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describeWithOpenApi.each(SIZES)("GET /v2/teams/{teamId} and /v2/workspaces/{workspaceId} conform (%s org)", (size) => {
  const c = Conformance.forSuite(size);

  it("gets each team listed, the same team the list gave, and answers 404 for an unknown one", async () => {
    const teams = (await c.walk("/v2.1/teams", "page", 1000)) as Array<{ teamId: string; name: string }>;
    expect(teams.length).toBeGreaterThan(0);
    for (const t of teams) {
      const p = `/v2/teams/${seg(t.teamId)}`;
      const a = await c.call("GET", p);
      // The single team adds `members` to the list entry: only the reader schema applies here (the document checks the rest).
      if (!c.expectValid("GET", p, a, TeamSchema)) continue;
      const body = a.body as { teamId: string; name: string };
      expect({ teamId: body.teamId, name: body.name }).toEqual({ teamId: t.teamId, name: t.name });
    }
    c.expectError("GET", `/v2/teams/${UNKNOWN_ID}`, await c.call("GET", `/v2/teams/${UNKNOWN_ID}`), 404);
    c.assertClean(teams.length + 2);
  });

  it("gets each workspace listed, the same workspace the list gave, and answers 404 for an unknown one", async () => {
    const workspaces = (await c.walk("/v2.1/workspaces", "page", 1000)) as Array<{ workspaceId: string; name: string }>;
    expect(workspaces.length).toBeGreaterThan(0);
    for (const w of workspaces) {
      const p = `/v2/workspaces/${seg(w.workspaceId)}`;
      const a = await c.call("GET", p);
      if (!c.expectValid("GET", p, a, WorkspaceDocSchema)) continue;
      const body = a.body as { workspaceId: string; name: string };
      expect({ workspaceId: body.workspaceId, name: body.name }).toEqual({ workspaceId: w.workspaceId, name: w.name });
    }
    c.expectError("GET", `/v2/workspaces/${UNKNOWN_ID}`, await c.call("GET", `/v2/workspaces/${UNKNOWN_ID}`), 404);
    c.assertClean(workspaces.length + 2);
  });
});
