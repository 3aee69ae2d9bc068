/**
 * Our documented schemas (`XDocSchema`, used to detect drift) against Sigma's OpenAPI document:
 * for each object schema, the required fields, the optional fields and nullability must be what
 * the document says, except for the listed, deliberate tolerances. The reader schemas are
 * tolerant on purpose and are not compared.
 */
import { beforeAll, expect, it } from "vitest";
import { ZodObject, type z } from "zod";
import { allEndpoints } from "../../src/api/endpoints.js";
import { ITEMS } from "../../src/client/items.js";
import { describeWithOpenApi, loadOpenApi, type SigmaOpenApi } from "../helpers/openapi.js";

type Obj = { type?: unknown; properties?: Record<string, unknown>; required?: string[]; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };

// Driven by the endpoint catalogue: every JSON endpoint whose item kind has an object-shaped
// documented schema, reached as the catalogue's page style says.
// [name (entry key / item kind), zod schema, method, concrete path, how to reach the item]
const CASES: Array<[string, z.ZodObject, string, string, "self" | "entries" | "array"]> = allEndpoints().flatMap((e) => {
  if (e.page === "bytes" || e.page === "legacy") return [];
  const doc = ITEMS[e.item].doc;
  if (!(doc instanceof ZodObject)) return [];
  const reach = e.page === "object" ? "self" : e.page === "array" ? "array" : "entries";
  return [[`${e.key} (${e.item})`, doc, e.method, e.path.replace(/\{[A-Za-z]+\}/g, "x"), reach] as const];
});

// Deliberate differences from the document, each with its reason.
const TOLERATED: Record<string, string> = {
  "whoami.accountType": "extra optional field sent by Sigma, reported by Sigma's agent skills",
  "datasetMaterializationRun.error": "null for successful runs per the dataset materialization docs",
};

function nullableInDoc(node: unknown, api: ReturnType<typeof loadOpenApi>): boolean {
  const n = api.deref(node) as Obj | undefined;
  if (!n) return false;
  if (Array.isArray(n.type)) return n.type.includes("null");
  if (n.type === "null") return true;
  return [...(n.oneOf ?? []), ...(n.anyOf ?? [])].some((v) => nullableInDoc(v, api));
}

describeWithOpenApi("zod schemas follow Sigma's OpenAPI document", () => {
  it("covers most of the catalogue", () => {
    expect(CASES.length).toBeGreaterThan(35);
  });
  let api: SigmaOpenApi;
  beforeAll(() => {
    api = loadOpenApi();
  });
  for (const [name, schema, method, path, reach] of CASES) {
    it(name, () => {
      const raw = api.deref(api.rawResponseSchema(method, path, 200)) as Obj;
      expect(raw, `no 200 schema for ${method} ${path}`).toBeTruthy();
      const item = api.deref(
        reach === "self" ? raw : reach === "array" ? raw.items : (api.deref(raw.properties?.entries) as Obj).items,
      ) as Obj;
      const docProps = item.properties ?? {};
      const docRequired = new Set(item.required ?? []);
      const problems: string[] = [];
      const shape = schema.shape as Record<string, z.ZodType>;
      for (const [key, field] of Object.entries(shape)) {
        const tag = `${name.replace(/^.* \((.*)\)$/, "$1")}.${key}`;
        if (TOLERATED[tag]) continue;
        if (!(key in docProps)) {
          problems.push(`${key}: not in the document`);
          continue;
        }
        const optional = field.safeParse(undefined).success;
        if (optional === docRequired.has(key)) problems.push(`${key}: ${optional ? "optional" : "required"} here, not in the document`);
        const nullable = field.safeParse(null).success;
        if (nullable !== nullableInDoc(docProps[key], api)) problems.push(`${key}: nullable=${nullable} here, not in the document`);
      }
      // Every field the document requires must be declared (loose objects would silently keep it untyped).
      for (const key of docRequired) if (!(key in shape)) problems.push(`${key}: required by the document, missing here`);
      // Documented schemas are strict: a documented field missing here would be reported as undocumented drift.
      for (const key of Object.keys(docProps)) if (!(key in shape)) problems.push(`${key}: in the document, missing here`);
      expect(problems).toEqual([]);
    });
  }
});
