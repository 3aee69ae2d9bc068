/** What every provider's hook reads first: the verified raw body as a JSON object, and its `data`. */

/** A JSON object as a hook receives it. */
export type Json = Record<string, unknown>;

/** The body as a JSON object (and its `data` object, `{}` when absent), or the error to answer. */
export function jsonBody(body: Buffer): { raw: Json; data: Json } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    return { error: "the body is not a JSON object" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { error: "the body is not a JSON object" };
  const r = raw as Json;
  const data = (typeof r.data === "object" && r.data !== null ? r.data : {}) as Json;
  return { raw: r, data };
}

/** A non-empty string or a number, as text; otherwise undefined (provider ids come as either). */
export const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
