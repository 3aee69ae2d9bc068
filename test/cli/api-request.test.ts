import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import {
  fieldsGoToQuery,
  fieldsToBody,
  fieldsToQuery,
  parseMethod,
  parsePath,
  rawField,
  typedField,
} from "../../src/cli/api-request.js";

const src = { cwd: "/", readStdin: async () => "from stdin" };

describe("api request parsing", () => {
  it("accepts methods in any case and refuses unknown ones", () => {
    expect(parseMethod("get")).toBe("GET");
    expect(() => parseMethod("FETCH")).toThrow(UserError);
  });

  it("splits the path's query string and adds a missing leading slash", () => {
    expect(parsePath("v2/workbooks?limit=5&typeFilters=a&typeFilters=b")).toEqual({
      path: "/v2/workbooks",
      query: { limit: ["5"], typeFilters: ["a", "b"] },
    });
    expect(() => parsePath("https://aws-api.sigmacomputing.com/v2/whoami")).toThrow(/give a path, not a URL/);
  });

  it("keeps -f values as strings, even when they look like numbers", () => {
    expect(rawField("sheetId=123")).toEqual({ key: "sheetId", value: "123" });
    expect(rawField("q=a=b")).toEqual({ key: "q", value: "a=b" });
    expect(() => rawField("novalue")).toThrow(/expects key=value/);
  });

  it("types -F values: booleans, null, numbers, @file and @- (stdin)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigmactl-api-"));
    writeFileSync(join(dir, "note.txt"), "hello");
    const s = { ...src, cwd: dir };
    expect(await typedField("a=true", s)).toEqual({ key: "a", value: true });
    expect(await typedField("a=null", s)).toEqual({ key: "a", value: null });
    expect(await typedField("a=-1.5", s)).toEqual({ key: "a", value: -1.5 });
    expect(await typedField("a=1e3", s)).toEqual({ key: "a", value: "1e3" });
    expect(await typedField("a=@note.txt", s)).toEqual({ key: "a", value: "hello" });
    expect(await typedField("a=@-", s)).toEqual({ key: "a", value: "from stdin" });
    await expect(typedField("a=@missing.txt", s)).rejects.toThrow(/cannot read .*missing\.txt: ENOENT/);
  });

  it("places fields in the query for GET/HEAD or with --input, else in a JSON body", () => {
    expect(fieldsGoToQuery("GET", false)).toBe(true);
    expect(fieldsGoToQuery("HEAD", false)).toBe(true);
    expect(fieldsGoToQuery("POST", false)).toBe(false);
    expect(fieldsGoToQuery("DELETE", false)).toBe(false);
    expect(fieldsGoToQuery("POST", true)).toBe(true);
  });

  it("repeats query keys and turns repeated body keys into arrays", () => {
    const fields = [
      { key: "typeFilters", value: "workbook" },
      { key: "typeFilters", value: "dataset" },
      { key: "limit", value: 5 },
      { key: "skip", value: null },
    ];
    expect(fieldsToQuery({ page: ["50"] }, fields)).toEqual({ page: "50", typeFilters: ["workbook", "dataset"], limit: "5" });
    expect(fieldsToBody(fields)).toEqual({ typeFilters: ["workbook", "dataset"], limit: 5, skip: null });
  });
});
