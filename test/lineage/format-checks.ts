/**
 * Independent readers of the output formats, strict enough to fail on a malformed document:
 * a DOT parser (the subset the renderer may emit), a Mermaid flowchart line checker and an
 * RFC 4180 CSV reader.
 */

/** What a DOT document declares. */
export interface DotGraph {
  kind: "digraph" | "graph";
  name: string | undefined;
  nodes: Map<string, Record<string, string>>;
  edges: Array<{ from: string; to: string; attrs: Record<string, string> }>;
}

function dotTokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\" && j + 1 < text.length) {
          const n = text[j + 1]!;
          s += n === "n" ? "\n" : n;
          j += 2;
        } else s += text[j++];
      }
      if (j >= text.length) throw new Error("unterminated string");
      out.push(`"${s}`); // leading quote marks a string token
      i = j + 1;
    } else if (text.startsWith("->", i)) {
      out.push("->");
      i += 2;
    } else if ("{}[];,=".includes(c)) {
      out.push(c);
      i++;
    } else {
      const m = /^[A-Za-z0-9_.#]+/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
      out.push(m[0]);
      i += m[0].length;
    }
  }
  return out;
}

/** Parses a DOT document (throws on anything malformed). */
export function parseDot(text: string): DotGraph {
  const t = dotTokens(text);
  let i = 0;
  const peek = () => t[i];
  const take = (want?: string) => {
    const tok = t[i++];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new Error(`expected ${want ?? "a token"}, got ${tok}`);
    return tok;
  };
  const id = () => {
    const tok = take();
    if ("{}[];,=->".includes(tok) && tok.length === 1) throw new Error(`expected an id, got ${tok}`);
    return tok.startsWith('"') ? tok.slice(1) : tok;
  };
  const attrs = () => {
    const out: Record<string, string> = {};
    if (peek() !== "[") return out;
    take("[");
    while (peek() !== "]") {
      const k = id();
      take("=");
      out[k] = id();
      if (peek() === "," || peek() === ";") take();
    }
    take("]");
    return out;
  };
  const kind = take();
  if (kind !== "digraph" && kind !== "graph") throw new Error(`not a graph: ${kind}`);
  const name = peek() !== "{" ? id() : undefined;
  take("{");
  const g: DotGraph = { kind, name, nodes: new Map(), edges: [] };
  while (peek() !== "}") {
    if (peek() === undefined) throw new Error("missing }");
    const a = id();
    if (peek() === "=") {
      take("=");
      id();
    } else if (peek() === "->") {
      take("->");
      const b = id();
      g.edges.push({ from: a, to: b, attrs: attrs() });
    } else {
      const at = attrs();
      if (a !== "node" && a !== "edge" && a !== "graph") g.nodes.set(a, at);
    }
    if (peek() === ";") take(";");
  }
  take("}");
  if (i !== t.length) throw new Error("trailing tokens after the graph");
  return g;
}

/** Checks a Mermaid flowchart line by line; returns its node ids and edges. */
export function checkMermaid(text: string): { nodes: Map<string, string>; edges: Array<[string, string, string]> } {
  const lines = text.trimEnd().split("\n");
  if (lines[0] !== "flowchart LR") throw new Error(`first line: ${lines[0]}`);
  const nodes = new Map<string, string>();
  const edges: Array<[string, string, string]> = [];
  const NODE = /^ {2}(n\d+)(\[\(|\[\/|\[\[|\{\{|\(|\[|>)"([^"]*)"(\)\]|\/\]|\]\]|\}\}|\)|\])$/;
  const EDGE = /^ {2}(n\d+) (-->|-\.->) (n\d+)$/;
  for (const line of lines.slice(1)) {
    const n = NODE.exec(line);
    const e = EDGE.exec(line);
    if (n) nodes.set(n[1]!, n[3]!);
    else if (e) {
      if (!nodes.has(e[1]!) || !nodes.has(e[3]!)) throw new Error(`edge before its nodes: ${line}`);
      edges.push([e[1]!, e[3]!, e[2]!]);
    } else if (!/^ {2}(classDef k_\w+ \S+|class (n\d+,)*n\d+ k_\w+|style n\d+ \S+)$/.test(line)) throw new Error(`bad line: ${line}`);
  }
  return { nodes, edges };
}

/** Reads RFC 4180 CSV into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === '"') throw new Error(`stray quote at ${i}`);
    else if (c === "," || c === "\n") {
      row.push(field);
      field = "";
      if (c === "\n") {
        rows.push(row);
        row = [];
      }
    } else field += c;
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || row.length > 0) throw new Error("last line has no line end");
  return rows;
}
