import { describe, expect, it } from "vitest";
import { encodeCursor, OpaqueCursor, path, queryString } from "../../src/client/url.js";
import { UserError } from "../../src/errors.js";

describe("path template", () => {
  it("percent-encodes every interpolated segment", () => {
    expect(path`/v2/workbooks/${"a/b?c#d"}/pages/${"p q"}`).toBe("/v2/workbooks/a%2Fb%3Fc%23d/pages/p%20q");
    expect(path`/v2/dataModels/${"dm"}` + ":materialize").toBe("/v2/dataModels/dm:materialize");
  });
  it("refuses empty and dot segments", () => {
    expect(() => path`/v2/files/${""}`).toThrow(UserError);
    expect(() => path`/v2/files/${".."}`).toThrow(UserError);
  });
});

describe("query strings", () => {
  it("encodes values, repeats arrays and drops undefined", () => {
    expect(queryString({ name: "a&b", typeFilters: ["workbook", "folder"], x: undefined, flag: false, n: 5 })).toBe(
      "?name=a%26b&typeFilters=workbook&typeFilters=folder&flag=false&n=5",
    );
    expect(queryString({})).toBe("");
  });
  it("sends cursors verbatim when safe, escaping only what would break the query", () => {
    expect(encodeCursor("50")).toBe("50");
    expect(encodeCursor("eyJvIjo1MH0%3D")).toBe("eyJvIjo1MH0%3D");
    expect(encodeCursor("a b&c#d+e")).toBe("a%20b%26c%23d%2Be");
    expect(encodeCursor("100%")).toBe("100%25");
    expect(encodeCursor("é")).toBe("%C3%A9");
    expect(queryString({ page: new OpaqueCursor("x%2Fy") })).toBe("?page=x%2Fy");
  });
});
