/**
 * Sender verification, before anything is stored: HMAC-SHA256 of the raw body compared in
 * constant time (`timingSafeEqual`). Each provider puts the digest somewhere else:
 * - generic: `X-Sigmactl-Signature-256: sha256=<hex>` over `<X-Sigmactl-Timestamp>.<body>`,
 *   the timestamp (unix seconds) within a tolerance window (replay protection);
 * - dbt Cloud: `Authorization: <hex>` over the body (dbt Cloud's documented check);
 * - Fivetran: `X-Fivetran-Signature-256: <HEX>` over the body (Fivetran sends upper-case hex;
 *   case is ignored).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Hex HMAC-SHA256 of `data` with `secret`. */
export function hmacHex(secret: string, data: Buffer | string): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}

/** Constant-time comparison of two hex digests (case-insensitive); false on any malformed input. */
export function sameHex(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const g = given.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(g)) return false;
  const a = Buffer.from(g, "hex");
  const b = Buffer.from(expected.toLowerCase(), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a delivery was refused (said in the 401 body; never which part of a secret was wrong). */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Signs a generic hook body (what a pipeline does; tests and the README's curl line do the same). */
export function signGeneric(secret: string, body: string, timestampSeconds: number): { timestamp: string; signature: string } {
  const timestamp = String(Math.floor(timestampSeconds));
  return { timestamp, signature: `sha256=${hmacHex(secret, `${timestamp}.${body}`)}` };
}

/** Verifies a generic hook delivery. */
export function verifyGeneric(
  secret: string,
  toleranceMs: number,
  header: (name: string) => string | undefined,
  body: Buffer,
  nowMs: number,
): VerifyResult {
  const sig = header("x-sigmactl-signature-256");
  const ts = header("x-sigmactl-timestamp");
  if (!sig || !ts) return { ok: false, reason: "missing X-Sigmactl-Signature-256 or X-Sigmactl-Timestamp" };
  if (!/^\d{1,12}$/.test(ts.trim())) return { ok: false, reason: "X-Sigmactl-Timestamp must be unix seconds" };
  if (Math.abs(nowMs - Number(ts) * 1000) > toleranceMs) return { ok: false, reason: "X-Sigmactl-Timestamp is outside the tolerance window (clock skew or a replay)" };
  const m = /^sha256=(.+)$/.exec(sig.trim());
  const expected = hmacHex(secret, Buffer.concat([Buffer.from(`${ts.trim()}.`), body]));
  return m && sameHex(m[1], expected) ? { ok: true } : { ok: false, reason: "signature does not match" };
}

/** Verifies a dbt Cloud delivery (hex HMAC of the body in Authorization). */
export function verifyDbtCloud(secret: string, header: (name: string) => string | undefined, body: Buffer): VerifyResult {
  const auth = header("authorization");
  if (!auth) return { ok: false, reason: "missing Authorization" };
  return sameHex(auth, hmacHex(secret, body)) ? { ok: true } : { ok: false, reason: "signature does not match" };
}

/** Verifies a Fivetran delivery (hex HMAC of the body in X-Fivetran-Signature-256). */
export function verifyFivetran(secret: string, header: (name: string) => string | undefined, body: Buffer): VerifyResult {
  const sig = header("x-fivetran-signature-256");
  if (!sig) return { ok: false, reason: "missing X-Fivetran-Signature-256" };
  return sameHex(sig, hmacHex(secret, body)) ? { ok: true } : { ok: false, reason: "signature does not match" };
}
