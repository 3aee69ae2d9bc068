/** Token exchange and identity payloads (`POST /v2/auth/token`, `GET /v2/whoami`). */
import { z } from "zod";
import { maybe } from "./reading.js";

/** Response of `POST /v2/auth/token` (client_credentials or refresh_token grant); everything here is needed. */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  token_type: z.string(),
  expires_in: z.number().int(),
});
/** Response of `POST /v2/auth/token`. */
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** Documented response of `POST /v2/auth/token`. */
export const TokenResponseDocSchema = z.strictObject({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  token_type: z.string(),
  expires_in: z.number().int(),
});
/** Documented response of `POST /v2/auth/token`. */
export type TokenResponseDoc = z.infer<typeof TokenResponseDocSchema>;

/** Response of `GET /v2/whoami` (reader); real Sigma may add `accountType` (not in the document). */
export const WhoAmISchema = z.looseObject({
  userId: z.string(),
  organizationId: z.string(),
  accountType: maybe(z.string()),
});
/** Response of `GET /v2/whoami`. */
export type WhoAmI = z.infer<typeof WhoAmISchema>;

/**
 * Documented response of `GET /v2/whoami`, plus `accountType`: a deliberate tolerance (not in
 * the document, but sent by Sigma and reported by its agent skills), so it is not drift.
 */
export const WhoAmIDocSchema = z.strictObject({
  userId: z.string(),
  organizationId: z.string(),
  accountType: z.string().optional(),
});
/** Documented response of `GET /v2/whoami`. */
export type WhoAmIDoc = z.infer<typeof WhoAmIDocSchema>;
