import { describe, expect, it } from "vitest";
import { pyJsonDumps, pyJsonNumber, pyJsonString } from "../../src/shared/py-json.js";

// Expected strings were produced by CPython 3's json.dumps with default arguments.
describe("pyJsonDumps (Python json.dumps defaults)", () => {
  it("escapes every non-ASCII code unit as lower-case \\uXXXX, astral characters as surrogate pairs", () => {
    const value = ["héllo", "日本語", "emoji 😀 x", "\u0000\u001f\u007f\u0080", 'quote" back\\ slash/ \n\r\t\b\f', "Σ"];
    expect(pyJsonDumps(value)).toBe(
      String.raw`["h\u00e9llo", "\u65e5\u672c\u8a9e", "emoji \ud83d\ude00 x", "\u0000\u001f\u007f\u0080", "quote\" back\\ slash/ \n\r\t\b\f", "\u03a3"]`,
    );
  });

  it("uses ', ' and ': ' separators and keeps key order", () => {
    expect(pyJsonDumps({ a: 1, b: [true, false, null], c: { d: "x" }, é: {}, e: [] })).toBe(
      String.raw`{"a": 1, "b": [true, false, null], "c": {"d": "x"}, "\u00e9": {}, "e": []}`,
    );
  });

  it("formats floats like Python's repr", () => {
    expect(pyJsonDumps([0.1, 1.5, 1.5e300, 0.0001, 0.00001, 1e-7, -2.5e-10, 100.5, 1e22, 1.23e22])).toBe(
      "[0.1, 1.5, 1.5e+300, 0.0001, 1e-05, 1e-07, -2.5e-10, 100.5, 1e+22, 1.23e+22]",
    );
    expect(pyJsonNumber(1 / 3)).toBe("0.3333333333333333");
    expect(pyJsonNumber(-0.5)).toBe("-0.5");
    expect(pyJsonNumber(Number.NaN)).toBe("NaN");
    expect(pyJsonNumber(-Infinity)).toBe("-Infinity");
  });

  it("prints integral numbers as Python ints", () => {
    expect(pyJsonDumps([10000000000000000, 9007199254740992, -3, 0, -0])).toBe(
      "[10000000000000000, 9007199254740992, -3, 0, 0]",
    );
  });

  it("drops undefined object values like JSON.stringify and writes null for undefined in arrays", () => {
    expect(pyJsonDumps({ a: undefined, b: 1 })).toBe('{"b": 1}');
    expect(pyJsonDumps([undefined, 1])).toBe("[null, 1]");
  });

  it("leaves plain ASCII strings untouched", () => {
    expect(pyJsonString("plain text ~ {}[]")).toBe('"plain text ~ {}[]"');
  });

  it("round-trips through JSON.parse", () => {
    const v = { s: "a\u2028b😀", n: [1, 2.5, -1e-9], o: { nested: [{ x: null }] } };
    expect(JSON.parse(pyJsonDumps(v))).toEqual(v);
  });
});
