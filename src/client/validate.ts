/** Response validation with the zod schemas of src/schemas. */
import type { z } from "zod";
import { ResponseValidationError, type RequestInfo } from "../errors.js";

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
