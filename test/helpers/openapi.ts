/**
 * Test oracle: Sigma's own OpenAPI 3.1 document, read at test time (never copied into the repo).
 *
 * `loadOpenApi()` reads `$SIGMA_OPENAPI`, else `<repo>/../shared/sigma-api/openapi.json`, and
 * throws a clear error when neither exists. `validateResponse(method, path, status, body)` finds
 * the operation for a concrete request path (templates such as `/v2/workbooks/{workbookId}`
 * and the colon route `/v2/dataModels/{dataModelId}:materialize`) and validates the body against
 * that operation's response schema with Ajv (JSON Schema 2020-12).
 *
 * Without the document (a fresh clone has no ../shared) the tests that need it skip: they use
 * `describeWithOpenApi` / `itWithOpenApi`, and openapi-global-setup.ts prints why, once per run.
 */
import { existsSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";
import { describe, it } from "vitest";
import { openApiLocation, openApiPresent } from "./openapi-location.js";

export { openApiLocation, openApiPresent, openApiSkipReason } from "./openapi-location.js";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;

const COMPONENTS_ID = "sigma-openapi-components";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/** True when the document-bound tests must skip (no document, no SIGMA_OPENAPI). */
export const SKIP_WITHOUT_OPENAPI = !openApiPresent();

/** `describe`, skipped (with the reason printed once by the global setup) when the document is absent. */
export const describeWithOpenApi: ReturnType<typeof describe.skipIf> = describe.skipIf(SKIP_WITHOUT_OPENAPI);

/** `it`, skipped when the document is absent. */
export const itWithOpenApi: ReturnType<typeof it.skipIf> = it.skipIf(SKIP_WITHOUT_OPENAPI);

/** The operation a concrete request matched. */
export interface MatchedOperation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/v2/workbooks/{workbookId}`. */
  template: string;
  /** Statuses with a JSON response schema in the document. */
  statuses: string[];
}

/** Result of validating one response body. */
export interface ValidationResult {
  ok: boolean;
  operation: MatchedOperation;
  /** Ajv errors as `"<instancePath> <message>"`, empty when ok. */
  errors: string[];
  /** Errors that were excused by a {@link Tolerance}, same format. */
  tolerated: string[];
}

/**
 * A known, deliberate divergence from the document (real Sigma is documented to differ):
 * an Ajv error on a matching operation and instance path, with that keyword, is excused.
 */
export interface Tolerance {
  operationId: string;
  instancePath: RegExp;
  keyword: string;
  /** Only excuse when the offending value passes this check (e.g. it is null). */
  when?: (value: unknown) => boolean;
  reason: string;
}

interface Route {
  op: MatchedOperation;
  regex: RegExp;
  /** Literal characters in the template: more means more specific (`/paths` beats `/{connectionId}`). */
  specificity: number;
  schemas: Record<string, unknown>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * The generator behind Sigma's document emits `oneOf` for unions whose variants overlap
 * (connection `path` is `oneOf` of three identical string arrays; element-lineage nodes and the
 * legacy schedule list overlap too), so no real payload can satisfy "exactly one". We read every
 * `oneOf` as `anyOf` ("at least one"); local `$ref`s are pointed at the registered components.
 */
function rewrite(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node === null || typeof node !== "object") return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/")) out[k] = `${COMPONENTS_ID}${v}`;
    else if (k === "oneOf") out.anyOf = rewrite(v);
    else out[k] = rewrite(v);
  }
  return out;
}

function templateRegex(template: string): RegExp {
  const parts = template.split(/\{[^}]+\}/).map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // A parameter never spans a slash or the colon of a `:verb` suffix.
  return new RegExp(`^${parts.join("[^/:]+")}$`);
}

/** Sigma's OpenAPI document, indexed for response validation. */
export class SigmaOpenApi {
  readonly location: string;
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly components: Json;

  constructor(location: string, doc: { paths: Record<string, Record<string, unknown>>; components: Json }) {
    this.location = location;
    this.components = doc.components;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    // OpenAPI-only formats: accepted without checks so Ajv does not warn about them.
    this.ajv.addFormat("double", { type: "number", validate: () => true });
    this.ajv.addFormat("binary", true);
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: rewrite(doc.components) } as object);
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method] as
          | { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }
          | undefined;
        if (!op) continue;
        const schemas: Record<string, unknown> = {};
        for (const [status, res] of Object.entries(op.responses ?? {})) {
          const schema = res.content?.["application/json"]?.schema;
          if (schema !== undefined) schemas[status] = schema;
        }
        this.routes.push({
          op: { operationId: op.operationId ?? `${method} ${template}`, method, template, statuses: Object.keys(schemas) },
          regex: templateRegex(template),
          specificity: template.replace(/\{[^}]+\}/g, "").length,
          schemas,
        });
      }
    }
    this.routes.sort((a, b) => b.specificity - a.specificity);
  }

  /** The operation for `method` and a concrete path (query string ignored), or undefined. */
  findOperation(method: string, requestPath: string): MatchedOperation | undefined {
    return this.route(method, requestPath)?.op;
  }

  /**
   * Validates `body` against the response schema of the matched operation for `status`.
   * Throws when no operation matches or the document declares no JSON schema for that status,
   * so a mistyped route can never pass as "valid".
   */
  validateResponse(
    method: string,
    requestPath: string,
    status: number | string,
    body: unknown,
    tolerances: readonly Tolerance[] = [],
  ): ValidationResult {
    const route = this.route(method, requestPath);
    if (!route) throw new Error(`No operation in ${this.location} for ${method.toUpperCase()} ${requestPath}`);
    const key = String(status);
    const schema = route.schemas[key];
    if (schema === undefined) {
      throw new Error(
        `${route.op.operationId} (${method.toUpperCase()} ${route.op.template}) declares no JSON response for status ${key}` +
          ` (declared: ${route.op.statuses.join(", ") || "none"})`,
      );
    }
    const cacheKey = `${route.op.method} ${route.op.template} ${key}`;
    const validate = this.compiled.get(cacheKey) ?? this.ajv.compile(rewrite(schema as Json) as object);
    this.compiled.set(cacheKey, validate);
    if (validate(body)) return { ok: true, operation: route.op, errors: [], tolerated: [] };
    const all = validate.errors ?? [];
    const excused = (e: ErrorObject) =>
      tolerances.some(
        (t) =>
          t.operationId === route.op.operationId &&
          t.keyword === e.keyword &&
          t.instancePath.test(e.instancePath) &&
          (!t.when || t.when(valueAt(body, e.instancePath))),
      );
    const errors = all.filter((e) => !excused(e));
    return { ok: errors.length === 0, operation: route.op, errors: formatErrors(errors), tolerated: formatErrors(all.filter(excused)) };
  }

  /** The document's own (unrewritten) JSON response schema for an operation and status, or undefined. */
  rawResponseSchema(method: string, requestPath: string, status: number | string): unknown {
    return this.route(method, requestPath)?.schemas[String(status)];
  }

  /** Follows a `#/components/...` `$ref` (repeatedly); returns other nodes unchanged. */
  deref(node: unknown): unknown {
    let cur = node;
    for (let i = 0; i < 32 && cur && typeof cur === "object" && "$ref" in cur; i++) {
      const ref = (cur as { $ref: string }).$ref;
      if (!ref.startsWith("#/components/")) break;
      cur = ref
        .slice("#/components/".length)
        .split("/")
        .reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], this.components);
    }
    return cur;
  }

  private route(method: string, requestPath: string): Route | undefined {
    const m = method.toLowerCase();
    const p = requestPath.split("?")[0] ?? requestPath;
    return this.routes.find((r) => r.op.method === m && r.regex.test(p));
  }
}

/** The value at a JSON pointer (Ajv instancePath) inside `body`. */
function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === "") return body;
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((acc, key) => (acc !== null && typeof acc === "object" ? (acc as Record<string, unknown>)[key] : undefined), body);
}

function formatErrors(errors: ErrorObject[]): string[] {
  // anyOf failures repeat every branch's errors; keep them but cap the list for readable failures.
  return errors.slice(0, 20).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

let cached: SigmaOpenApi | undefined;

/** Loads (once) Sigma's OpenAPI document; throws an explanatory error when it is absent or unreadable. */
export function loadOpenApi(): SigmaOpenApi {
  const location = openApiLocation();
  if (cached && cached.location === location) return cached;
  if (!existsSync(location)) {
    throw new Error(
      `Sigma's OpenAPI document was not found at ${location}. The conformance tests need it: ` +
        `set SIGMA_OPENAPI to the path of Sigma's openapi.json, or place it at ../shared/sigma-api/openapi.json next to the repo.`,
    );
  }
  let doc: { paths?: unknown; components?: unknown };
  try {
    doc = JSON.parse(readFileSync(location, "utf8")) as typeof doc;
  } catch (err) {
    throw new Error(`Sigma's OpenAPI document at ${location} is not readable JSON: ${(err as Error).message}`);
  }
  if (typeof doc.paths !== "object" || doc.paths === null || typeof doc.components !== "object") {
    throw new Error(`${location} does not look like an OpenAPI document (no paths/components).`);
  }
  cached = new SigmaOpenApi(location, doc as ConstructorParameters<typeof SigmaOpenApi>[1]);
  return cached;
}
