/**
 * Byte-for-byte `json.dumps(value)` with Python's defaults, which castor-extractor uses for
 * every file it writes: `", "` and `": "` separators, no indent, `ensure_ascii=True` (every
 * code unit outside printable ASCII becomes a lower-case `\uXXXX` escape, so astral characters
 * come out as surrogate pairs), floats in Python's `repr` form. `JSON.stringify` differs on all three.
 */

// Printable ASCII except `"` and `\`: such a string needs no escaping at all (the common case).
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

const SHORT_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x08: "\\b",
  0x0c: "\\f",
};

/** Encodes a string the way Python's `py_encode_basestring_ascii` does. */
export function pyJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    if (i > start) out += s.slice(start, i);
    // JS strings are UTF-16 already, so an astral character is two code units: two escapes, as in Python.
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`;
    start = i + 1;
  }
  if (start < s.length) out += s.slice(start);
  return `${out}"`;
}

/**
 * Formats a number as Python would. JSON integers parse to Python ints (printed in full);
 * other numbers are floats, printed with `float.__repr__`: shortest round-trip digits, fixed
 * notation when the decimal exponent is in [-4, 16), otherwise `d.ddde+XX` with two exponent digits.
 */
export function pyJsonNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  // A parsed number has lost its spelling (`3` or `3.0`). Assume the usual serialiser wrote it:
  // an integral value without an exponent was an integer, which Python keeps as an int.
  if (Number.isInteger(n)) {
    const s = String(n);
    if (!s.includes("e")) return s;
  }
  const sign = n < 0 ? "-" : "";
  const [mant = "0", expPart = "0"] = Math.abs(n).toExponential().split("e");
  const digits = mant.replace(".", "");
  const decpt = Number(expPart) + 1; // value = 0.<digits> × 10^decpt
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const eAbs = String(Math.abs(e)).padStart(2, "0");
  return `${sign}${m}e${e < 0 ? "-" : "+"}${eAbs}`;
}

/** Serialises a JSON-compatible value exactly like Python's `json.dumps(value)`. */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return pyJsonString(value);
    case "number":
      return pyJsonNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return "null";
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ", ";
      out += pyJsonDumps(value[i]);
    }
    return `${out}]`;
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === "function") return pyJsonDumps(toJSON.call(value));
  let out = "{";
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    // JSON has no undefined: skip such keys, as JSON.stringify does.
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    if (!first) out += ", ";
    first = false;
    out += `${pyJsonString(key)}: ${pyJsonDumps(v)}`;
  }
  return `${out}}`;
}
