/**
 * A fake catalog ingest endpoint for the catalog uploader's tests:
 * POST /__emulator/ingest/<anything> with a multipart body (field `file`) and an
 * `Authorization: <scheme> <token>` header. It records the path, file name, size, SHA-256
 * and the authorization *scheme* — never the token. GET /__emulator/ingest lists uploads.
 */
import { createHash } from "node:crypto";
import { HttpError, badRequest, json, type EmuRequest, type EmuResponse } from "../http.js";
import type { EmulatorState } from "../state.js";
import { iso } from "../clock.js";

/** The route prefix; anything after it is recorded as the upload's path. */
export const INGEST_PREFIX = "/__emulator/ingest";

/** Handles POST /__emulator/ingest/<anything>. */
export async function ingest(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> {
  const auth = req.header("authorization");
  const scheme = auth?.trim().split(/\s+/)[0];
  if (!auth || !scheme || auth.trim() === scheme) throw new HttpError(401, "unauthorized", "Missing Authorization header (expected: Token <token>)");
  const contentType = req.header("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) throw badRequest("Expected a multipart/form-data body with a `file` field");
  const bytes = await req.body();
  let form: FormData;
  try {
    form = await new Request("http://emulator.local/ingest", { method: "POST", headers: { "content-type": contentType }, body: bytes }).formData();
  } catch {
    throw badRequest("Malformed multipart body");
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") throw badRequest("Missing `file` field in the multipart body");
  const content = new Uint8Array(await file.arrayBuffer());
  const record = {
    path: req.path.slice(INGEST_PREFIX.length) || "/",
    filename: file.name,
    bytes: content.length,
    sha256: createHash("sha256").update(content).digest("hex"),
    authorizationScheme: scheme,
    contentType: file.type,
    receivedAt: iso(state.clock.now()),
  };
  state.uploads.push(record);
  return json(200, { ok: true, id: state.uploads.length, ...record });
}
