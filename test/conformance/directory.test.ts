/** Members, teams, workspaces, files and whoami, validated against Sigma's OpenAPI document. */
import { expect, it } from "vitest";
import {
  MemberDocSchema,
  SigmaFileDocSchema,
  TeamMemberDocSchema,
  TeamDocSchema,
  WhoAmIDocSchema,
  WorkspaceDocSchema,
} from "../../src/schemas/index.js";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

describeWithOpenApi.each(SIZES)("directory routes conform to the OpenAPI document (%s org)", (size) => {
  const c = Conformance.forSuite(size);

  it("whoami", async () => {
    c.expectValid("GET", "/v2/whoami", await c.call("GET", "/v2/whoami"), WhoAmIDocSchema);
    c.assertClean(1);
  });

  it("members: v2.1 list, legacy v2 list (with and without limit), and each member", async () => {
    const members = (await c.walkBoth("/v2.1/members", "page", MemberDocSchema)) as Array<{ memberId: string }>;
    expect(members.length).toBeGreaterThan(0);
    c.expectValid("GET", "/v2/members", await c.call("GET", "/v2/members"));
    await c.walkBoth("/v2/members", "page", MemberDocSchema);
    for (const m of members) {
      const p = `/v2/members/${seg(m.memberId)}`;
      c.expectValid("GET", p, await c.call("GET", p), MemberDocSchema);
    }
    c.assertClean(8);
  });

  it("teams: v2.1 and legacy v2 lists, and each team's members", async () => {
    const teams = (await c.walkBoth("/v2.1/teams", "page", TeamDocSchema)) as Array<{ teamId: string }>;
    expect(teams.length).toBeGreaterThan(0);
    c.expectValid("GET", "/v2/teams", await c.call("GET", "/v2/teams"));
    await c.walkBoth("/v2/teams", "page", TeamDocSchema);
    for (const t of teams) await c.walkBoth(`/v2/teams/${seg(t.teamId)}/members`, "page", TeamMemberDocSchema);
    c.assertClean(6);
  });

  it("workspaces: v2.1 and legacy v2 lists", async () => {
    const ws = await c.walkBoth("/v2.1/workspaces", "page", WorkspaceDocSchema);
    expect(ws.length).toBeGreaterThan(0);
    c.expectValid("GET", "/v2/workspaces", await c.call("GET", "/v2/workspaces"));
    await c.walkBoth("/v2/workspaces", "page", WorkspaceDocSchema);
    c.assertClean(4);
  });

  it("files: list (default, tables, children of a workspace) and get each", async () => {
    const files = (await c.walkBoth("/v2/files", "page", SigmaFileDocSchema)) as Array<{ id: string; type: string }>;
    expect(files.length).toBeGreaterThan(0);
    const tables = (await c.walkBoth("/v2/files?typeFilters=table", "page", SigmaFileDocSchema)) as Array<{ id: string; type: string }>;
    expect(tables.length, "tables are listed with typeFilters=table").toBeGreaterThan(0);
    const wsFile = files.find((f) => f.type === "workspace");
    if (wsFile) await c.walkBoth(`/v2/files?parentId=${seg(wsFile.id)}`, "page", SigmaFileDocSchema);
    for (const f of [...files, ...tables.slice(0, 10)]) {
      const p = `/v2/files/${seg(f.id)}`;
      c.expectValid("GET", p, await c.call("GET", p), SigmaFileDocSchema);
    }
    c.assertClean(20);
  });
});

describeWithOpenApi("legacy /v2 lists in bare-array mode (Sigma before 2026-06-02) conform", () => {
  const c = Conformance.forSuite("tiny", { legacyLists: "array" });

  it("members, teams and workspaces answer a bare array without limit and an envelope with it", async () => {
    for (const p of ["/v2/members", "/v2/teams", "/v2/workspaces"]) {
      const a = await c.call("GET", p);
      c.expectValid("GET", p, a);
      if (!Array.isArray(a.body)) c.mismatches.push(`GET ${p}: expected a bare array in "array" mode`);
      const b = await c.call("GET", `${p}?limit=1000`);
      c.expectValid("GET", `${p}?limit=1000`, b);
      if (Array.isArray(b.body)) c.mismatches.push(`GET ${p}?limit=1000: expected an envelope when limit is given`);
    }
    c.assertClean(6);
  });
});
