/**
 * Reading a body without rebuilding it: jobs that hand Sigma's payloads on (extract writes
 * castor's raw files) check each entry with the reader schema but keep the object as sent,
 * because zod's output would drop nothing but reorder keys and replace odd values.
 */
import { z } from "zod";

/** A JSON object exactly as Sigma sent it. */
export type RawObject = Record<string, unknown>;

/**
 * A schema that checks with the reader `schema` (what sigmactl needs) and yields the untouched
 * input. The reader's issues are passed on as they are, so the drift report says why an entry
 * was skipped.
 */
export function asSent(schema: z.ZodType): z.ZodType<RawObject> {
  return z.unknown().superRefine((value, ctx) => {
    const r = schema.safeParse(value);
    if (r.success) return;
    for (const issue of r.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  }) as unknown as z.ZodType<RawObject>;
}
