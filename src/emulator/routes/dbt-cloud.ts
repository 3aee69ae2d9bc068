/** Control routes of the dbt Cloud fake (see ../dbt-cloud.ts). */
import { HttpError, badRequest, json, readJsonObject, type EmuRequest, type EmuResponse } from "../http.js";
import type { EmulatorState } from "../state.js";

/** The route prefix. */
export const DBT_CLOUD_PREFIX = "/__emulator/dbt-cloud";

const ARTIFACT = /^\/__emulator\/dbt-cloud\/api\/v2\/accounts\/([^/]+)\/runs\/([^/]+)\/artifacts\/(.+)$/;

/** Serves one request under the prefix; undefined when the path is not the fake's. */
export async function dbtCloud(req: EmuRequest, state: EmulatorState): Promise<EmuResponse | undefined> {
  const path = req.path.replace(/\/+$/, "");
  if (path === `${DBT_CLOUD_PREFIX}/runs`) {
    if (req.method === "GET") return json(200, state.dbtCloud.list());
    if (req.method !== "POST") return undefined;
    const body = await readJsonObject(req);
    const { accountId, runId, artifacts } = body as { accountId?: unknown; runId?: unknown; artifacts?: unknown };
    if ((typeof accountId !== "string" && typeof accountId !== "number") || (typeof runId !== "string" && typeof runId !== "number") || typeof artifacts !== "object" || artifacts === null) {
      throw badRequest('Expected {"accountId", "runId", "artifacts": {"run_results.json": …, "manifest.json": …}}');
    }
    state.dbtCloud.register({ accountId: String(accountId), runId: String(runId), artifacts: artifacts as Record<string, unknown> });
    return json(200, { ok: true });
  }
  const m = ARTIFACT.exec(path);
  if (!m || req.method !== "GET") return undefined;
  const auth = req.header("authorization")?.trim().split(/\s+/);
  if (!auth || auth.length !== 2 || !/^(token|bearer)$/i.test(auth[0]!)) {
    return json(401, { status: { code: 401, is_success: false, user_message: "Invalid token." }, data: null });
  }
  const artifact = state.dbtCloud.artifact(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), decodeURIComponent(m[3]!));
  if (artifact === undefined) throw new HttpError(404, "not_found", `no artifact ${m[3]} for run ${m[2]} of account ${m[1]}`);
  return json(200, artifact);
}
