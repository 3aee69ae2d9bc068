/**
 * The two kinds of schema every Sigma payload has (decided for issue #8, "Real Sigma data"):
 *
 * - a **reader** schema (`XSchema`, type `X`): what sigmactl needs and nothing more. Loose
 *   objects; only identity fields are required; a field a job reads is declared with
 *   {@link maybe}, so absent, `null` or oddly typed values read as `undefined` instead of
 *   rejecting the entry; every other field passes through untouched.
 * - a **documented** schema (`XDocSchema`, type `XDoc`): what Sigma's OpenAPI document says
 *   (required fields, nullability, enums; strict about unknown keys). The client uses it only to
 *   report drift, never to reject; the emulator builds its bodies with the documented types.
 */
import { z } from "zod";

/**
 * A field sigmactl reads but can do without: absent, `null` or of another type reads as
 * `undefined` (the client's drift report says what was actually sent).
 */
export function maybe<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}
