/**
 * Request ids for error bodies (`{code, message, requestId}`, sigma-api-facts §6.1). Sigma's are
 * UUID-shaped; the emulator derives them from the seed and the request's sequence number, so
 * two emulators with the same seed given the same requests answer byte-identical errors.
 * Hash-based rather than a PRNG stream: an id depends only on its request, never on how many
 * errors came before it.
 */
import { createHash } from "node:crypto";

/** The UUID-v4-shaped request id of the `seq`-th request (1-based) under `seed`. */
export function requestIdFor(seed: number, seq: number): string {
  const h = createHash("sha256").update(`sigma-emulator:${seed}:request:${seq}`).digest("hex");
  const variant = "89ab"[parseInt(h[16] as string, 16) & 3] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
