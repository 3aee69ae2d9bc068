/**
 * Control routes under /__emulator/ (open on loopback, behind a control token on any other
 * address: see control-access.ts; never faulted, rate limited or delayed, not counted in stats): truth, stats, reset, faults, latency, mutate, revoke-tokens,
 * fail-sheets, the fake catalog ingest and the fake dbt Cloud artifacts API (dbt-cloud/).
 */
import { HttpError, badRequest, json, readJsonObject, type EmuRequest, type EmuResponse } from "../http.js";
import type { FaultSpec } from "../faults.js";
import type { LatencyOptions } from "../latency.js";
import type { EmulatorState } from "../state.js";
import { INGEST_PREFIX, ingest } from "./ingest.js";
import { DBT_CLOUD_PREFIX, dbtCloud } from "./dbt-cloud.js";

async function setFaults(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> {
  const type = req.header("content-type") ?? "";
  let spec: FaultSpec | string;
  if (type.startsWith("text/plain")) spec = Buffer.from(await req.body()).toString("utf8");
  else {
    const body = await readJsonObject(req);
    if (typeof body.spec === "string") spec = body.spec;
    else if (Array.isArray(body.rules)) spec = body as unknown as FaultSpec;
    else throw badRequest('Expected {"spec": "<fault spec>"} or {"rules": [...]}');
  }
  try {
    state.faults.set(spec);
  } catch (err) {
    throw badRequest(`Invalid fault spec: ${(err as Error).message}`);
  }
  return json(200, state.faults.current());
}

async function setLatency(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> {
  const body = await readJsonObject(req);
  if (typeof body.ms !== "number" || (body.jitterMs !== undefined && typeof body.jitterMs !== "number")) {
    throw badRequest('Expected {"ms": number, "jitterMs"?: number}');
  }
  try {
    state.latency.set(body as unknown as LatencyOptions);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  return json(200, state.latency.current());
}

async function mutate(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> {
  const body = await readJsonObject(req);
  const n = body.workbooks ?? 1;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw badRequest('Expected {"workbooks": <non-negative integer>}');
  return json(200, { workbookIds: state.mutateWorkbooks(n) });
}

async function failSheets(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> {
  const body = await readJsonObject(req);
  const ids = body.sheetIds;
  if (!Array.isArray(ids) || !ids.every((s) => typeof s === "string")) throw badRequest('Expected {"sheetIds": string[]}');
  state.jobs.failSheets(ids as string[]);
  return json(200, { failing: ids });
}

/** Serves one /__emulator/ request. */
export async function control(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> {
  const { method, path } = req;
  if (path.startsWith(`${INGEST_PREFIX}/`) && method === "POST") return ingest(req, state);
  if (path.startsWith(`${DBT_CLOUD_PREFIX}/`)) {
    const answer = await dbtCloud(req, state);
    if (answer) return answer;
  }
  const key = `${method} ${path.replace(/\/+$/, "")}`;
  switch (key) {
    case "GET /__emulator/truth":
      return json(200, state.truth());
    case "GET /__emulator/stats":
      return json(200, state.snapshot());
    case "POST /__emulator/reset":
      state.reset();
      return json(200, { ok: true });
    case "GET /__emulator/faults":
      return json(200, state.faults.current());
    case "POST /__emulator/faults":
    case "PUT /__emulator/faults":
      return setFaults(req, state);
    case "GET /__emulator/latency":
      return json(200, state.latency.current());
    case "POST /__emulator/latency":
    case "PUT /__emulator/latency":
      return setLatency(req, state);
    case "POST /__emulator/mutate":
      return mutate(req, state);
    case "POST /__emulator/revoke-tokens":
      return json(200, { revoked: state.tokens.revokeAll() });
    case "POST /__emulator/fail-sheets":
      return failSheets(req, state);
    case `GET ${INGEST_PREFIX}`:
      return json(200, { entries: state.uploads });
    default:
      throw new HttpError(404, "not_found", `Unknown emulator control route ${method} ${path}`, { errorcause: "UnmatchedHandler" });
  }
}
