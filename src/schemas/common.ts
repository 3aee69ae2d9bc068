/**
 * Envelopes shared by every Sigma list, and the error body.
 * Field names and optionality follow Sigma's OpenAPI document; objects are loose so
 * unknown fields are tolerated and kept (Sigma adds fields without notice).
 */
import { z } from "zod";

/**
 * Offset-style list envelope (`?page=&limit=`): `nextPage` is an opaque cursor, `null` on the
 * last page. `total` and the deprecated `hasMore` are optional everywhere; `nextPage` is
 * optional too because the legacy `/v2/workbooks/{id}/materialization-schedules` omits it.
 */
export function pageEnvelope<T extends z.ZodType>(item: T) {
  return z.looseObject({
    entries: z.array(item),
    nextPage: z.string().nullable().optional(),
    total: z.number().optional(),
    hasMore: z.boolean().optional(),
  });
}

/** Token-style list envelope (`?pageToken=&pageSize=`): `nextPageToken` is absent on the last page. */
export function tokenEnvelope<T extends z.ZodType>(item: T) {
  return z.looseObject({
    entries: z.array(item),
    nextPageToken: z.string().optional(),
  });
}

/** One page of an offset-style list. */
export type PageEnvelope<T> = { entries: T[]; nextPage?: string | null | undefined; total?: number | undefined; hasMore?: boolean | undefined };
/** One page of a token-style list. */
export type TokenEnvelope<T> = { entries: T[]; nextPageToken?: string | undefined };

/**
 * Sigma's JSON error body. The document declares none; clients observe `{code, message, requestId}`
 * and Sigma "often returns 404 without a code", so every field is optional.
 */
export const ApiErrorBodySchema = z.looseObject({
  code: z.string().optional(),
  message: z.string().optional(),
  requestId: z.string().optional(),
});
/** Sigma's JSON error body. */
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/**
 * A column's data type: the document calls it "a recursive type object" and declares no fields
 * (e.g. `{type: "text"}`), so any object is accepted.
 */
export const ColumnTypeSchema = z.looseObject({});
/** A column's data type object. */
export type ColumnType = z.infer<typeof ColumnTypeSchema>;
