/**
 * The tables a custom SQL definition reads: the dotted names after FROM and JOIN (and after
 * the commas of a FROM list). Sigma reports a custom SQL source with its text only, so this is
 * the one way to tie it to warehouse tables. A light scanner, not a SQL parser: comments and
 * string literals are skipped, quoted identifiers ("x", `x`, [x]) unquoted, and a BigQuery
 * `project.dataset.table` in one pair of backticks split. Subqueries and table functions are
 * not names, so they are ignored; single-part names are returned too (callers decide, as they
 * may be CTEs).
 */

type Token = { t: "ident"; v: string; quoted: boolean } | { t: "punct"; v: string } | { t: "word"; v: string };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_$-]/;

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'") {
      // A string literal; '' is an escaped quote.
      i++;
      while (i < n && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
      i++;
    } else if (c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      const end = sql.indexOf(close, i + 1);
      const stop = end < 0 ? n : end;
      out.push({ t: "ident", v: sql.slice(i + 1, stop), quoted: true });
      i = stop + 1;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j]!)) j++;
      out.push({ t: "ident", v: sql.slice(i, j), quoted: false });
      i = j;
    } else if (c === "." || c === "," || c === "(" || c === ")" || c === ";") {
      out.push({ t: "punct", v: c });
      i++;
    } else {
      if (!/\s/.test(c)) out.push({ t: "word", v: c });
      i++;
    }
  }
  return out;
}

const isKeyword = (tok: Token | undefined, ...words: string[]) =>
  tok !== undefined && tok.t === "ident" && !tok.quoted && words.includes(tok.v.toLowerCase());

// Words that may sit between FROM/JOIN and the name, or end a FROM list item.
const SKIP_AFTER_FROM = ["only", "lateral"];
const CLAUSE_WORDS = ["where", "group", "order", "having", "limit", "union", "join", "inner", "left", "right", "full", "cross", "on", "using", "qualify", "window", "natural", "outer", "except", "intersect", "fetch", "offset"];

/** Reads a dotted name at `i`; returns its parts and the index after it, or undefined. */
function dottedName(toks: Token[], i: number): { parts: string[]; next: number } | undefined {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const tok = toks[j];
    if (tok === undefined || tok.t !== "ident") return undefined;
    // `project.dataset.table` quoted as one identifier (BigQuery) holds the dots itself.
    parts.push(...(tok.quoted && tok.v.includes(".") ? tok.v.split(".") : [tok.v]));
    j++;
    if (toks[j]?.t === "punct" && toks[j]!.v === ".") j++;
    else break;
  }
  // A name followed by "(" is a table function, not a table.
  if (toks[j]?.t === "punct" && toks[j]!.v === "(") return undefined;
  return { parts: parts.map((p) => p.trim()).filter((p) => p !== ""), next: j };
}

/** The table names `sql` reads, as identifier parts, in order of appearance, without repeats. */
export function tableRefs(sql: string): string[][] {
  const toks = tokenize(sql);
  const out: string[][] = [];
  const seen = new Set<string>();
  const add = (parts: string[]) => {
    const key = parts.join("\u0000").toLowerCase();
    if (parts.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push(parts);
    }
  };
  for (let i = 0; i < toks.length; i++) {
    const isFrom = isKeyword(toks[i], "from");
    if (!isFrom && !isKeyword(toks[i], "join")) continue;
    let j = i + 1;
    while (isKeyword(toks[j], ...SKIP_AFTER_FROM)) j++;
    let name = dottedName(toks, j);
    while (name !== undefined) {
      add(name.parts);
      if (!isFrom) break;
      // FROM a [AS] x, b ...: skip the alias, continue after a comma.
      let k = name.next;
      if (isKeyword(toks[k], "as")) k++;
      if (toks[k]?.t === "ident" && !isKeyword(toks[k], ...CLAUSE_WORDS)) k++;
      if (!(toks[k]?.t === "punct" && toks[k]!.v === ",")) break;
      name = dottedName(toks, k + 1);
    }
  }
  return out;
}
