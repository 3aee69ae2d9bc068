/**
 * The endpoint catalogue against Sigma's OpenAPI document (the independent check): every entry
 * names a real operation (method, path, operationId), its page style matches the operation's
 * query parameters and response type, and its envelope fields are the ones the document gives.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allEndpoints, type EndpointDef } from "../../src/api/endpoints.js";
import { openApiLocation } from "../helpers/openapi.js";

type Json = Record<string, unknown>;
const location = openApiLocation();
const present = existsSync(location);

function load(): Json {
  return JSON.parse(readFileSync(location, "utf8")) as Json;
}

/** Follows `$ref`s and merges `oneOf`/`anyOf` alternatives' object properties. */
function properties(doc: Json, schema: unknown, depth = 0): { props: Set<string>; types: Set<string> } {
  const props = new Set<string>();
  const types = new Set<string>();
  const walk = (s: unknown, d: number): void => {
    if (d > 8 || typeof s !== "object" || s === null) return;
    const o = s as Json;
    if (typeof o.$ref === "string") {
      const name = o.$ref.replace("#/components/schemas/", "");
      walk(((doc.components as Json).schemas as Json)[name], d + 1);
      return;
    }
    for (const key of ["oneOf", "anyOf", "allOf"]) if (Array.isArray(o[key])) for (const alt of o[key] as unknown[]) walk(alt, d + 1);
    if (typeof o.type === "string") types.add(o.type);
    if (o.properties && typeof o.properties === "object") for (const p of Object.keys(o.properties)) props.add(p);
  };
  walk(schema, depth);
  return { props, types };
}

function operation(doc: Json, e: EndpointDef): Json | undefined {
  const item = (doc.paths as Json)[e.path] as Json | undefined;
  return item?.[e.method.toLowerCase()] as Json | undefined;
}

function successSchema(op: Json): unknown {
  const responses = op.responses as Json;
  const ok = (responses["200"] ?? responses["201"] ?? responses["202"]) as Json | undefined;
  const content = ok?.content as Json | undefined;
  return (content?.["application/json"] as Json | undefined)?.schema;
}

// The document declares page/limit on this single-object answer; noise (sigma-api-facts §9.13).
const OBJECT_WITH_PAGE_PARAMS = new Set<string>(["getElementQuery"]);

describe.skipIf(!present)("endpoint catalogue vs Sigma's OpenAPI document", () => {
  const doc = present ? load() : {};
  const entries = allEndpoints();

  it("names each operation as the document does (method, path, operationId)", () => {
    const wrong = entries.flatMap((e) => {
      const op = operation(doc, e);
      if (!op) return [`${e.key}: ${e.method} ${e.path} is not in the document`];
      return op.operationId === e.operationId ? [] : [`${e.key}: operationId ${e.operationId}, document says ${String(op.operationId)}`];
    });
    expect(wrong).toEqual([]);
  });

  it("has page styles that match the operations' query parameters and response types", () => {
    const wrong: string[] = [];
    for (const e of entries) {
      const op = operation(doc, e);
      if (!op) continue;
      const query = new Set(((op.parameters as Json[] | undefined) ?? []).filter((p) => p.in === "query").map((p) => String(p.name)));
      const { props, types } = properties(doc, successSchema(op));
      const offset = query.has("page") && query.has("limit");
      const token = query.has("pageToken") && query.has("pageSize");
      switch (e.page) {
        case "offset":
          if (!offset || !props.has("nextPage")) wrong.push(`${e.key}: not an offset list in the document`);
          break;
        case "legacy":
          // The document's union: a bare array (or `{entries}`), or an envelope when `limit` is sent.
          if (!offset || !props.has("entries")) wrong.push(`${e.key}: not a legacy list`);
          break;
        case "token":
          if (!token || !props.has("nextPageToken")) wrong.push(`${e.key}: not a token list in the document`);
          break;
        case "array":
          if (!types.has("array") || props.has("entries")) wrong.push(`${e.key}: the document does not answer a bare array`);
          break;
        case "object":
          if (OBJECT_WITH_PAGE_PARAMS.has(e.key)) break;
          if (offset || token || props.has("entries")) wrong.push(`${e.key}: the document pages this operation`);
          break;
        case "bytes":
          break; // a file; the document renders it as a JSON union (sigma-api-facts §5.12)
      }
    }
    expect(wrong).toEqual([]);
  });

  it("gives offset envelopes exactly the optional fields the document declares", () => {
    const wrong: string[] = [];
    for (const e of entries) {
      const op = operation(doc, e);
      if (!op || e.page !== "offset" || !e.envelope) continue;
      const { props } = properties(doc, successSchema(op));
      if (props.has("total") !== e.envelope.total) wrong.push(`${e.key}: total ${e.envelope.total}, document ${props.has("total")}`);
      if (props.has("hasMore") !== e.envelope.hasMore) wrong.push(`${e.key}: hasMore ${e.envelope.hasMore}, document ${props.has("hasMore")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("marks every POST that starts work as retried only when refused, and every read as replayable", () => {
    const wrong = entries.filter((e) => {
      if (e.method === "GET") return e.retry === "refused-only";
      return false;
    });
    expect(wrong.map((e) => e.key)).toEqual([]);
  });
});
