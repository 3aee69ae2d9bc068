/**
 * Changed-table specs: `[CONNECTION/]DB.SCHEMA.TABLE` (or `SCHEMA.TABLE`, any database), the
 * connection by name or id. Case rules as warehouses have them: an unquoted part matches
 * case-insensitively (Snowflake folds it to upper case, Postgres and Redshift to lower case,
 * BigQuery and Databricks compare names case-insensitively for most objects); a part quoted
 * with `"` or backticks matches exactly, as the warehouse stores it. `*` and `?` are globs
 * within one part (`ANALYTICS.MARTS.*`).
 */
import picomatch from "picomatch";
import { UserError } from "../errors.js";

/** A parsed spec. */
export interface TableSpec {
  text: string;
  connection?: string;
  /** 2 or 3 part matchers, database first. */
  parts: Array<(name: string) => boolean>;
}

/** Splits on dots outside quotes; returns [part, quoted] pairs. */
function splitParts(text: string): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  let cur = "";
  let quote: string | null = null;
  let quoted = false;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "`") {
      quote = ch;
      quoted = true;
    } else if (ch === ".") {
      out.push([cur, quoted]);
      cur = "";
      quoted = false;
    } else cur += ch;
  }
  if (quote !== null) throw new UserError(`table "${text}": unclosed quote`);
  out.push([cur, quoted]);
  return out;
}

/** Parses one spec. @throws UserError with the expected form. */
export function parseTableSpec(raw: string): TableSpec {
  const text = raw.trim();
  const hint = ["write DB.SCHEMA.TABLE (optionally CONNECTION/DB.SCHEMA.TABLE), e.g. ANALYTICS.MARTS.FCT_ORDERS or ANALYTICS.MARTS.*"];
  if (text === "") throw new UserError("empty table name", { suggestions: hint });
  // The connection qualifier ends at the first slash outside quotes.
  let connection: string | undefined;
  let rest = text;
  const slash = text.search(/\/(?=(?:[^"`]*["`][^"`]*["`])*[^"`]*$)/);
  if (slash >= 0) {
    connection = text.slice(0, slash).trim();
    rest = text.slice(slash + 1).trim();
    if (connection === "") throw new UserError(`table "${text}": empty connection before "/"`, { suggestions: hint });
  }
  const parts = splitParts(rest);
  if (parts.length < 2 || parts.length > 3 || parts.some(([p]) => p === "")) {
    throw new UserError(`table "${text}": expected DB.SCHEMA.TABLE (or SCHEMA.TABLE)`, { suggestions: hint });
  }
  return {
    text,
    ...(connection !== undefined ? { connection } : {}),
    parts: parts.map(([p, quoted]) => {
      const glob = /[*?]/.test(p) && !quoted;
      if (glob) return picomatch(p, { nocase: true, dot: true });
      return quoted ? (n: string) => n === p : (n: string) => n.toLowerCase() === p.toLowerCase();
    }),
  };
}

/** True when a table (its connection id and name, and `[db, schema, table]`) matches the spec. */
export function matchesTable(spec: TableSpec, table: { connectionId?: string | undefined; connection?: string | undefined; path: readonly string[] }): boolean {
  if (spec.connection !== undefined) {
    const c = spec.connection;
    if (table.connectionId !== c && (table.connection ?? "").toLowerCase() !== c.toLowerCase()) return false;
  }
  const path = table.path.slice(-spec.parts.length);
  if (path.length !== spec.parts.length) return false;
  return spec.parts.every((m, i) => m(path[i]!));
}

/** Table names of a text: one a line; blank lines and `#` comments ignored. */
export function tablesOfText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter((l) => l !== "");
}
