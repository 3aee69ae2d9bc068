/**
 * The conformance harness must catch a broken emulator: serve a tampered organisation and
 * check that each kind of break is reported (otherwise a green suite would prove nothing).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { MemberDocSchema, WorkbookDocSchema, WorkbookSourceDocSchema } from "../../src/schemas/index.js";
import { generateOrg } from "../../src/emulator/org/index.js";
import { z } from "zod";
import { Conformance, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

describeWithOpenApi("the conformance harness reports broken payloads", () => {
  let c: Conformance;
  let workbookId = "";
  let memberId = "";
  beforeAll(async () => {
    const org = generateOrg({ seed: 3, size: "tiny" });
    const wb = org.workbooks[0];
    const member = org.members[0];
    if (!wb || !member) throw new Error("tiny org without workbooks or members");
    workbookId = wb.workbook.workbookId;
    memberId = member.memberId;
    // Three breaks: a required field missing, a wrong type, a source without its id field.
    delete (wb.workbook as Record<string, unknown>).ownerId;
    (member as Record<string, unknown>).profileImgUrl = 5;
    wb.sources = [{ type: "table" } as never];
    c = await Conformance.start("tiny", { org });
  });
  afterAll(async () => {
    await c?.close();
  });

  it("a missing required field fails both the document and our schema", async () => {
    c.reset();
    const p = `/v2/workbooks/${seg(workbookId)}`;
    expect(c.expectValid("GET", p, await c.call("GET", p), WorkbookDocSchema)).toBe(false);
    expect(c.mismatches.some((m) => m.startsWith("[openapi getWorkbook]") && m.includes("ownerId"))).toBe(true);
    expect(c.mismatches.some((m) => m.startsWith("[zod]") && m.includes("ownerId"))).toBe(true);
  });

  it("a wrong type is reported on list pages too", async () => {
    c.reset();
    await c.walk("/v2.1/members", "page", 2, MemberDocSchema);
    expect(c.mismatches.join("\n")).toMatch(/\[openapi v2_1_listMembers\].*profileImgUrl/);
    const p = `/v2/members/${seg(memberId)}`;
    expect(c.expectValid("GET", p, await c.call("GET", p), MemberDocSchema)).toBe(false);
  });

  it("a union member without its fields is reported", async () => {
    c.reset();
    const p = `/v2/workbooks/${seg(workbookId)}/sources`;
    expect(c.expectValid("GET", p, await c.call("GET", p), z.array(WorkbookSourceDocSchema))).toBe(false);
    expect(c.mismatches.some((m) => m.startsWith("[openapi getWorkbookSources]"))).toBe(true);
  });

  it("a wrong status or a missing error field is reported", async () => {
    c.reset();
    c.expectError("GET", "/v2/whoami", await c.call("GET", "/v2/whoami"), 401);
    expect(c.mismatches[0]).toMatch(/status 200, expected 401/);
    c.reset();
    c.expectError("GET", "/x", { status: 404, contentType: "application/json", body: { message: "gone" } }, 404);
    expect(c.mismatches).toEqual([
      'GET /x: error body lacks a string "code": {"message":"gone"}',
      'GET /x: error body lacks a string "requestId": {"message":"gone"}',
    ]);
  });
});
