/**
 * Who may use the /__emulator/ control routes (faults, reset, revoke-tokens, truth, ingest...).
 * On a loopback address only this machine can reach them: open, as before. On any other address
 * (`--host 0.0.0.0`, a LAN address) anyone on the network could, so they need a control token:
 * `Authorization: Bearer <token>` or `X-Emulator-Token: <token>` (the fake Catalog ingest also
 * takes it as its own `Authorization: Token <token>`). Pure functions of the host and headers.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";

/** Header that carries the control token when Authorization is taken (documented in the README). */
export const CONTROL_TOKEN_HEADER = "x-emulator-token";

/** True when `host` (as given to listen) is reachable from this machine only. "0.0.0.0" and "::" are every interface. */
export function isLoopbackListenHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The control token to require, or undefined for open control routes. `option`: a token to use,
 * `true` to generate one, `false` for none (refused off loopback), undefined for the default
 * (a generated token when `host` is not loopback, none when it is or when not listening).
 */
export function resolveControlToken(host: string | undefined, option: string | boolean | undefined): string | undefined {
  const exposed = host !== undefined && !isLoopbackListenHost(host);
  if (typeof option === "string") {
    if (option.length < 16) throw new RangeError("createEmulator: controlToken must be at least 16 characters");
    return option;
  }
  if (option === false) {
    if (exposed) throw new RangeError(`createEmulator: controlToken cannot be turned off on the non-loopback address ${host}`);
    return undefined;
  }
  return option === true || exposed ? randomBytes(24).toString("base64url") : undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the request carries `token` (Authorization with any scheme, or X-Emulator-Token). */
export function hasControlToken(header: (name: string) => string | undefined, token: string): boolean {
  const direct = header(CONTROL_TOKEN_HEADER);
  if (direct !== undefined && same(direct.trim(), token)) return true;
  const auth = header("authorization")?.trim().split(/\s+/);
  return auth !== undefined && auth.length === 2 && same(auth[1]!, token);
}
