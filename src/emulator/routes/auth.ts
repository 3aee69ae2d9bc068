/**
 * POST /v2/auth/token and GET /v2/whoami (sigma-api-facts §1).
 *
 * The token call accepts the documented form body, JSON (the document's model) and HTTP Basic
 * credentials with grant_type in the body. Answers:
 *  - missing/unsupported grant_type or missing credentials: 400 invalid_request;
 *  - wrong client id or secret: 401 unauthorized;
 *  - unknown or revoked refresh token: 400 invalid_request "Invalid access/refresh token"
 *    (the wording Sigma was observed to use, sigma-api-facts §1.1).
 */
import { timingSafeEqual } from "node:crypto";
import { HttpError, badRequest, json, type EmuRequest } from "../http.js";
import type { EmulatorState } from "../state.js";
import { ENDPOINTS, get, live, ok, type RouteContext, type RouteDef } from "./types.js";

async function readParams(req: EmuRequest): Promise<Record<string, string>> {
  const text = Buffer.from(await req.body()).toString("utf8");
  const type = (req.header("content-type") ?? "").toLowerCase();
  const out: Record<string, string> = {};
  if (type.includes("application/json")) {
    let value: unknown;
    try {
      value = JSON.parse(text || "{}");
    } catch {
      throw badRequest("Request body is not valid JSON");
    }
    if (typeof value !== "object" || value === null) throw badRequest("Request body must be a JSON object");
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  } else {
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  }
  const basic = /^\s*basic\s+(\S+)\s*$/i.exec(req.header("authorization") ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw badRequest("Malformed Basic authorization header");
    out.client_id ??= decoded.slice(0, colon);
    out.client_secret ??= decoded.slice(colon + 1);
  }
  return out;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkClient(state: EmulatorState, p: Record<string, string>, required: boolean): void {
  if (!p.client_id || !p.client_secret) {
    if (required) throw badRequest("client_id and client_secret are required");
    return;
  }
  if (!same(p.client_id, state.credentials.clientId) || !same(p.client_secret, state.credentials.clientSecret)) {
    throw new HttpError(401, "unauthorized", "Invalid client credentials");
  }
}

async function token(ctx: RouteContext) {
  const state = ctx.state;
  const p = await readParams(ctx.req);
  let memberId: string;
  if (p.grant_type === "client_credentials") {
    checkClient(state, p, true);
    memberId = state.org.callerMemberId;
  } else if (p.grant_type === "refresh_token") {
    if (!p.refresh_token) throw badRequest("refresh_token is required");
    checkClient(state, p, false);
    const grant = state.tokens.refreshGrant(p.refresh_token, state.clock.now());
    if (!grant) throw badRequest("Invalid access/refresh token");
    memberId = grant.memberId;
  } else if (!p.grant_type) {
    throw badRequest("grant_type is required");
  } else {
    throw badRequest(`Unsupported grant_type "${p.grant_type}"`);
  }
  const t = state.tokens.issue(state.credentials.clientId, memberId, state.clock.now());
  return json(
    200,
    { access_token: t.accessToken, refresh_token: t.refreshToken, token_type: "bearer", expires_in: t.expiresIn },
    { "cache-control": "no-store" },
  );
}

/** Auth routes. */
export const authRoutes: RouteDef[] = [
  { ...live(ENDPOINTS.token, token), auth: false },
  {
    ...get(ENDPOINTS.whoami, (ctx) => {
      const memberId = ctx.caller?.memberId ?? ctx.state.org.callerMemberId;
      const member = ctx.state.index.members.get(memberId);
      const body: Record<string, string> = { userId: memberId, organizationId: ctx.state.org.organizationId };
      if (member) body.accountType = member.memberType;
      return ok(body);
    }),
    cache: false,
  },
];
