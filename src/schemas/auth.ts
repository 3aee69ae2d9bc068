/** Token exchange and identity payloads (`POST /v2/auth/token`, `GET /v2/whoami`). */
import { z } from "zod";

/** Response of `POST /v2/auth/token` (client_credentials or refresh_token grant). */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  token_type: z.string(),
  expires_in: z.number().int(),
});
/** Response of `POST /v2/auth/token`. */
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** Response of `GET /v2/whoami`; real Sigma may add `accountType` (not in the document). */
export const WhoAmISchema = z.looseObject({
  userId: z.string(),
  organizationId: z.string(),
  accountType: z.string().optional(),
});
/** Response of `GET /v2/whoami`. */
export type WhoAmI = z.infer<typeof WhoAmISchema>;
