/**
 * URL building: the `path` tagged template (every interpolated segment percent-encoded, as in
 * openai-node), query strings, and opaque pagination cursors passed back verbatim.
 */
import { UserError } from "../errors.js";

/** Builds a path, encoding each interpolated value with encodeURIComponent. @throws UserError on an empty or dot segment. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    const s = String(v);
    if (s === "" || s === "." || s === "..") throw new UserError(`invalid id in request path: ${JSON.stringify(s)}`);
    out += encodeURIComponent(s) + (strings[i + 1] ?? "");
  });
  return out;
}

/** A pagination cursor the server gave us: sent back as-is, not re-encoded. */
export class OpaqueCursor {
  constructor(readonly value: string) {}
}

/** A query value; arrays repeat the key (`typeFilters=a&typeFilters=b`); undefined is dropped. */
export type QueryValue = string | number | boolean | readonly string[] | OpaqueCursor | undefined;

/** Query parameters of a request. */
export type Query = Readonly<Record<string, QueryValue>>;

// Characters that may stand unencoded in a query value without changing its meaning.
const CURSOR_SAFE = /[A-Za-z0-9\-._~!$'()*,;:@/?=]|%[0-9A-Fa-f]{2}/y;

/**
 * Encodes a server cursor minimally: Sigma's `nextPage` may already be URL-encoded
 * (sigma-api-facts §4.1), so valid `%XX` escapes and safe characters are kept as they are and only
 * characters that would break the query (`&`, `#`, `+`, spaces, non-ASCII...) are escaped.
 */
export function encodeCursor(value: string): string {
  let out = "";
  let i = 0;
  while (i < value.length) {
    CURSOR_SAFE.lastIndex = i;
    const m = CURSOR_SAFE.exec(value);
    if (m) {
      out += m[0];
      i += m[0].length;
    } else {
      const cp = value.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      // A lone surrogate cannot be encoded: send U+FFFD rather than throw on a server cursor.
      out += /[\uD800-\uDFFF]/.test(ch) && ch.length === 1 ? "%EF%BF%BD" : encodeURIComponent(ch);
      i += ch.length;
    }
  }
  return out;
}

/** Serializes `query` to `?a=1&b=2` (empty string when nothing remains). */
export function queryString(query: Query | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const k = encodeURIComponent(key);
    if (value instanceof OpaqueCursor) parts.push(`${k}=${encodeCursor(value.value)}`);
    else if (Array.isArray(value)) for (const v of value as readonly string[]) parts.push(`${k}=${encodeURIComponent(v)}`);
    else parts.push(`${k}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}
