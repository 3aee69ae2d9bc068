/**
 * Determinism over HTTP: two emulators with the same seed, given the same requests in the same
 * order, answer byte-identical responses (status, content type, body) on every read route,
 * including error bodies and their requestIds, and under seeded faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, ManualClock, type Emulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";

interface Raw {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: string;
}

const emus: Emulator[] = [];

async function start(seed: number): Promise<Emulator> {
  const emu = await createEmulator({ seed, size: "small", clock: new ManualClock(), listen: true, log: () => {} });
  emus.push(emu);
  return emu;
}

afterAll(async () => {
  await Promise.all(emus.map((e) => e.close()));
});

async function raw(emu: Emulator, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  const res = await fetch(`${emu.url}${path}`, { method, headers, body });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    retryAfter: res.headers.get("retry-after"),
    body: Buffer.from(await res.arrayBuffer()).toString("base64"),
  };
}

/** A broad list of read routes over the org's ids, plus requests that must fail. */
function routes(truth: Truth, first: string[]): string[] {
  const visible = truth.workbooks.filter((w) => !w.hiddenFromCaller && !w.isArchived);
  visible.sort((x, y) => Number(first.includes(y.workbookId)) - Number(first.includes(x.workbookId)));
  const hidden = truth.workbooks.find((w) => w.hiddenFromCaller);
  const out = [
    "/v2/whoami",
    "/v2/workbooks?limit=7",
    "/v2/workbooks?limit=7&page=7",
    "/v2/workbooks?isArchived=true",
    "/v2/workbooks?skipPermissionCheck=true&excludeTags=true",
    "/v2/dataModels",
    "/v2/datasets",
    "/v2/members",
    "/v2.1/members?limit=10&page=10",
    "/v2/teams",
    "/v2.1/teams",
    "/v2/workspaces",
    "/v2.1/workspaces",
    "/v2/files?limit=1000",
    "/v2/files?typeFilters=table&limit=1000",
    "/v2/connections?includeArchived=true",
    "/v2/connections/paths?limit=1000",
    "/v2/accountTypes?pageSize=3",
    "/v2/tags",
  ];
  for (const w of visible.slice(0, 5)) {
    const base = `/v2/workbooks/${w.workbookId}`;
    out.push(base, `${base}/pages`, `${base}/elements`, `${base}/columns`, `${base}/queries`, `${base}/lineage`, `${base}/sources`);
    out.push(`${base}/materialization-schedules`, `/v2.1/workbooks/${w.workbookId}/materialization-schedules`);
    for (const p of w.pages) out.push(`${base}/pages/${p.pageId}/elements`);
    for (const e of w.elements) out.push(`${base}/lineage/elements/${e.elementId}`, `${base}/elements/${e.elementId}/query`, `${base}/elements/${e.elementId}/columns`);
  }
  for (const d of truth.dataModels.slice(0, 3)) {
    const base = `/v2/dataModels/${d.dataModelId}`;
    out.push(base, `${base}/elements`, `${base}/columns`, `${base}/lineage`, `${base}/sources?pageSize=2`, `${base}/materializationSchedules`);
  }
  for (const d of truth.datasets) out.push(`/v2/datasets/${d.datasetId}`, `/v2/datasets/${d.datasetId}/sources`, `/v2/datasets/${d.datasetId}/materialization`);
  for (const m of truth.members.slice(0, 3)) out.push(`/v2/members/${m.memberId}`);
  for (const t of truth.teams.slice(0, 2)) out.push(`/v2/teams/${t.teamId}`, `/v2/teams/${t.teamId}/members`);
  for (const w of truth.workspaces.slice(0, 2)) out.push(`/v2/workspaces/${w.workspaceId}`);
  for (const f of truth.files.slice(0, 10)) out.push(`/v2/files/${f.id}`);
  for (const c of truth.connections.slice(0, 2)) out.push(`/v2/connections/${c.connectionId}`, `/v2/connections/paths?connectionId=${c.connectionId}`);
  for (const t of truth.tables.slice(0, 4)) out.push(`/v2/connections/paths/${t.inodeId}`, `/v2/connections/tables/${t.inodeId}/columns?pageSize=3`);
  // Errors: each carries a requestId.
  out.push(
    "/v2/workbooks/00000000-0000-4000-8000-000000000000",
    "/v2/workbooks/not-a-uuid/pages",
    "/v2/workbooks?limit=-1",
    "/v2/workbooks?page=abc",
    "/v2/nothing-here",
    "/v2/dataModels/nope",
    "/v2/files?typeFilters=spreadsheet",
    "/v2/connections/tables/nope/columns",
  );
  if (hidden) out.push(`/v2/workbooks/${hidden.workbookId}`);
  return out;
}

let truth: Truth;
let a: Emulator;
let b: Emulator;
/** Workbooks with an element whose lineage answers Sigma's "no lineage" 500 (listed first). */
let noLineage: string[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([start(11), start(11)]);
  truth = a.truth() as Truth;
  // A third, in-process emulator of the same seed finds them without touching a's or b's request order.
  const scout = await createEmulator({ seed: 11, size: "small", log: () => {} });
  const tok = await scout.fetch("/v2/auth/token", { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: scout.clientId, client_secret: scout.clientSecret }) });
  const auth = { authorization: `Bearer ${((await tok.json()) as { access_token: string }).access_token}` };
  for (const w of truth.workbooks) {
    for (const e of w.elements) {
      if ((await scout.fetch(`/v2/workbooks/${w.workbookId}/lineage/elements/${e.elementId}`, { headers: auth })).status === 500) {
        noLineage = [w.workbookId];
        break;
      }
    }
    if (noLineage.length > 0) break;
  }
});

/** Runs the same script against an emulator; returns every raw answer in order. */
async function script(emu: Emulator, paths: string[]): Promise<Raw[]> {
  const out: Raw[] = [];
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const tok = await raw(emu, "POST", "/v2/auth/token", form, `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`);
  out.push(tok);
  const token = (JSON.parse(Buffer.from(tok.body, "base64").toString()) as { access_token: string }).access_token;
  const auth = { authorization: `Bearer ${token}` };
  out.push(await raw(emu, "GET", "/v2/workbooks")); // 401, no token
  out.push(await raw(emu, "POST", "/v2/auth/token", form, "grant_type=password"));
  for (const p of paths) out.push(await raw(emu, "GET", p, auth));
  const wb = truth.workbooks.find((w) => !w.hiddenFromCaller && w.materializationSchedules.length > 0);
  if (wb) {
    const post = (body: string) => raw(emu, "POST", `/v2/workbooks/${wb.workbookId}/materializations`, { ...auth, "content-type": "application/json" }, body);
    out.push(await post(`{"sheetId":"${wb.materializationSchedules[0]!.sheetId}"}`), await post("{not json"), await post("{}"));
  }
  return out;
}

describe("same seed, same requests", () => {
  it("answers byte-identical responses on every read route, errors included", async () => {
    const paths = routes(truth, noLineage);
    expect(paths.length).toBeGreaterThan(150);
    const [ra, rb] = [await script(a, paths), await script(b, paths)];
    expect(ra.length).toBe(rb.length);
    for (let i = 0; i < ra.length; i++) expect(rb[i], `request #${i}`).toEqual(ra[i]);
    const errors = ra.filter((r) => r.status >= 400);
    expect(new Set(errors.map((r) => r.status))).toEqual(new Set([400, 401, 403, 404, 409, 500]));
    // Every error has its own requestId.
    const ids = errors.map((r) => (JSON.parse(Buffer.from(r.body, "base64").toString()) as { requestId: string }).requestId);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("stays identical under seeded faults, and differs for another seed", async () => {
    const spec = { spec: "5xx@/v2/workbooks=0.15,429@/v2/workbooks=0.1,5xx@/v2/files=0.3,retry-after=0.5" };
    for (const e of [a, b]) {
      await fetch(`${e.url}/__emulator/reset`, { method: "POST" });
      await fetch(`${e.url}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
    }
    const paths = routes(truth, noLineage).slice(0, 60);
    const [ra, rb] = [await script(a, paths), await script(b, paths)];
    expect(rb).toEqual(ra);
    expect(ra.filter((r) => r.status === 429 || r.status >= 500).length).toBeGreaterThan(5);

    const c = await start(12);
    const other = await script(c, ["/v2/workbooks", "/v2/nothing-here"]);
    const same = await script(a, ["/v2/workbooks", "/v2/nothing-here"]);
    expect(other.map((r) => r.body)).not.toEqual(same.map((r) => r.body));
  });
});
