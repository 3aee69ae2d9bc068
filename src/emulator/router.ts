/**
 * A tiny method + path router over OpenAPI-style templates (`/v2/workbooks/{workbookId}`).
 * Hand-written rather than a framework router because Sigma's paths include a colon verb
 * (`/v2/dataModels/{dataModelId}:materialize`) and stats are keyed by the template string.
 * Literal segments win over parameters, so `/v2/connections/paths` beats `/v2/connections/{id}`.
 */

type Segment = { kind: "literal"; text: string } | { kind: "param"; name: string; suffix: string };

interface CompiledRoute<H> {
  method: string;
  template: string;
  segments: Segment[];
  /** Literal segments, plus a half point per colon-verb suffix: the sort key for specificity. */
  literalCount: number;
  handler: H;
}

/** A matched route: its template (for stats), decoded path parameters and handler. */
export interface RouteMatch<H> {
  template: string;
  params: Record<string, string>;
  handler: H;
}

function compile(template: string): Segment[] {
  return template
    .split("/")
    .slice(1)
    .map((part): Segment => {
      const m = /^\{([A-Za-z0-9_]+)\}(.*)$/.exec(part);
      return m ? { kind: "param", name: m[1] as string, suffix: m[2] as string } : { kind: "literal", text: part };
    });
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Routes grouped by method and segment count, most literal first. */
export class Router<H> {
  private readonly table = new Map<string, CompiledRoute<H>[]>();

  /** Registers `handler` for `method template`. */
  add(method: string, template: string, handler: H): this {
    const segments = compile(template);
    const key = `${method} ${segments.length}`;
    const list = this.table.get(key) ?? [];
    list.push({ method, template, segments, literalCount: segments.reduce((n, s) => n + (s.kind === "literal" ? 1 : s.suffix ? 0.5 : 0), 0), handler });
    list.sort((a, b) => b.literalCount - a.literalCount);
    this.table.set(key, list);
    return this;
  }

  /** Finds the route for a request path (percent-encoded, no query string). */
  match(method: string, path: string): RouteMatch<H> | undefined {
    const raw = path.split("/").slice(1);
    const key = `${method === "HEAD" ? "GET" : method} ${raw.length}`;
    const candidates = this.table.get(key);
    if (!candidates) return undefined;
    const parts: string[] = [];
    for (const p of raw) {
      const d = decode(p);
      if (d === undefined) return undefined;
      parts.push(d);
    }
    outer: for (const route of candidates) {
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] as Segment;
        const part = parts[i] as string;
        if (seg.kind === "literal") {
          if (seg.text !== part) continue outer;
        } else {
          if (!part.endsWith(seg.suffix) || part.length === seg.suffix.length) continue outer;
          params[seg.name] = seg.suffix ? part.slice(0, -seg.suffix.length) : part;
        }
      }
      return { template: route.template, params, handler: route.handler };
    }
    return undefined;
  }
}
