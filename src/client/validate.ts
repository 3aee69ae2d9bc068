/** Response validation with the zod schemas of src/schemas. */
import type { z } from "zod";
import { ResponseValidationError, type RequestInfo } from "../errors.js";
import type { DriftRecorder } from "./drift.js";

/** Formats zod issues as `path.to.key: message` (`(root)` for the top level), at most `max`. */
export function formatIssues(error: z.ZodError, prefix: readonly PropertyKey[] = [], max = 20): string[] {
  return error.issues.slice(0, max).map((i) => {
    const path = [...prefix, ...i.path].map((p) => String(p)).join(".");
    return `${path === "" ? "(root)" : path}: ${i.message}`;
  });
}

/**
 * Parses `data` with `schema`; `prefix` locates `data` inside the body (e.g. `["entries", 3]`).
 * @throws ResponseValidationError naming the request and the issue paths.
 */
export function validateResponse<T>(
  schema: z.ZodType<T>,
  data: unknown,
  request: RequestInfo,
  prefix: readonly PropertyKey[] = [],
): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ResponseValidationError({ request, issues: formatIssues(parsed.error, prefix), cause: parsed.error });
}

/** Where entries are read: the endpoint template, its documented schema and the drift recorder. */
export interface ReadContext {
  /** Method and path template, e.g. `GET /v2/workbooks/{workbookId}/pages`. */
  endpoint: string;
  /** What the OpenAPI document says an entry looks like (drift detection only). */
  docSchema?: z.ZodType | undefined;
  drift?: DriftRecorder | undefined;
}

/**
 * Reads one list entry tolerantly: drift from the documented schema is recorded, and an entry
 * the reader schema rejects (it lacks what sigmactl needs, e.g. its id) is skipped (`ok: false`)
 * and counted, never thrown: one odd entry must not lose a page.
 */
export function readEntry<T>(itemSchema: z.ZodType<T>, data: unknown, ctx: ReadContext): { ok: true; value: T } | { ok: false } {
  const parsed = itemSchema.safeParse(data);
  ctx.drift?.record(ctx.endpoint, ctx.docSchema, data, parsed.success ? undefined : parsed.error.issues);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

/**
 * Reads a single-object body: drift is recorded; only the reader schema (what sigmactl needs)
 * can reject it. @throws ResponseValidationError
 */
export function readBody<T>(schema: z.ZodType<T>, data: unknown, request: RequestInfo, ctx: ReadContext): T {
  const parsed = schema.safeParse(data);
  ctx.drift?.record(ctx.endpoint, ctx.docSchema, data);
  if (parsed.success) return parsed.data;
  throw new ResponseValidationError({ request, issues: formatIssues(parsed.error), cause: parsed.error });
}
