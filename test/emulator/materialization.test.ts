/** Materialization lifecycle on a fake clock: pending -> building -> ready/failed, policies, datasets. */
import { describe, expect, it } from "vitest";
import { ManualClock, type EmulatorOptions } from "../../src/emulator/index.js";
import { RUN_RETENTION_MS } from "../../src/emulator/materialization.js";
import { ID, api, fixtureEmulator, tokenFor } from "./fixture.js";

async function setup(options: EmulatorOptions = {}) {
  const clock = new ManualClock();
  const emu = await fixtureEmulator({ clock, materializationTime: [10, 10], ...options });
  const token = await tokenFor(emu);
  const call = (path: string, body?: unknown) => api(emu, token, path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  const trigger = (sheetId: string, workbookId: string = ID.wb1) => call(`/v2/workbooks/${workbookId}/materializations`, { sheetId });
  const status = (id: string, workbookId: string = ID.wb1) => call(`/v2/workbooks/${workbookId}/materializations/${id}`);
  return { emu, clock, call, trigger, status };
}

describe("workbook materializations", () => {
  it("move pending -> building -> ready with startedAt and readyAt", async () => {
    const { clock, trigger, status } = await setup();
    const start = clock.now();
    const res = await trigger(ID.sheetA);
    expect(res.status).toBe(200);
    const id = res.body.materializationId as string;
    expect(Object.keys(res.body)).toEqual(["materializationId"]);
    expect((await status(id)).body).toEqual({ materializationId: id, status: "pending" });
    clock.advanceSeconds(3); // the pending share is 10-30% of the 10 s run
    const building = (await status(id)).body;
    expect(building.status).toBe("building");
    expect(Date.parse(building.startedAt)).toBeGreaterThan(start);
    expect(building).not.toHaveProperty("readyAt");
    clock.advanceSeconds(7);
    const ready = (await status(id)).body;
    expect(ready).toEqual({ materializationId: id, status: "ready", startedAt: building.startedAt, readyAt: new Date(start + 10_000).toISOString() });
  });

  it("fail for sheets in failSheets and by materializationFailRate, with an error message", async () => {
    const { emu, clock, trigger, status } = await setup();
    emu.control.failSheets([ID.sheetB]);
    const failing = (await trigger(ID.sheetB)).body.materializationId;
    const fine = (await trigger(ID.sheetA)).body.materializationId;
    clock.advanceSeconds(10);
    const failed = (await status(failing)).body;
    expect(failed).toMatchObject({ status: "failed", error: expect.any(String), startedAt: expect.any(String) });
    expect(failed).not.toHaveProperty("readyAt");
    expect((await status(fine)).body.status).toBe("ready");

    const always = await setup({ materializationFailRate: 1 });
    const id = (await always.trigger(ID.sheetA)).body.materializationId;
    always.clock.advanceSeconds(10);
    expect((await always.status(id)).body.status).toBe("failed");
  });

  it("refuse unknown sheets (404), missing sheetId (400), hidden workbooks (403), other workbooks' jobs (404)", async () => {
    const { trigger, status, call } = await setup();
    expect((await trigger("no-such-sheet")).status).toBe(404);
    expect((await trigger("s1")).status).toBe(404); // a sheet of wb2, posted to wb1
    expect((await call(`/v2/workbooks/${ID.wb1}/materializations`, {})).status).toBe(400);
    expect((await trigger("s1", ID.hidden)).status).toBe(403);
    const id = (await trigger(ID.sheetA)).body.materializationId;
    expect((await status(id, ID.wb2)).status).toBe(404);
    expect((await status("nope")).status).toBe(404);
  });

  it("refuse bodies without a string sheetId (400 invalid_request), malformed JSON included; run paused schedules", async () => {
    const { emu, call, trigger } = await setup();
    const token = await tokenFor(emu);
    const post = (body: string | undefined, type = "application/json") =>
      emu.fetch(`/v2/workbooks/${ID.wb1}/materializations`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
    for (const body of [undefined, "", "{not json", "[]", '{"sheetId": 5}', '{"sheetId": ""}', '"sheetA"']) {
      const res = await post(body);
      expect(res.status, String(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toMatchObject({ code: "invalid_request", message: expect.any(String), requestId: expect.any(String) });
    }
    expect((await call(`/v2/dataModels/${ID.dm}:materialize`, {})).status).toBe(400);
    // A manual run of a paused schedule is allowed (a pause stops the cron, not "run now").
    expect((await trigger(ID.sheetPaused)).status).toBe(200);
  });

  it("mark a ready run expiredAt once a later run of the same sheet is ready (never before readyAt)", async () => {
    const { emu, clock, trigger, status } = await setup();
    const first = (await trigger(ID.sheetA)).body.materializationId;
    clock.advanceSeconds(10);
    const ready = (await status(first)).body;
    expect(ready).not.toHaveProperty("expiredAt");
    emu.control.failSheets([ID.sheetA]);
    const failed = (await trigger(ID.sheetA)).body.materializationId;
    clock.advanceSeconds(10);
    expect((await status(failed)).body.status).toBe("failed");
    expect((await status(first)).body).not.toHaveProperty("expiredAt"); // a failed run replaces nothing

    const other = await setup();
    const a = (await other.trigger(ID.sheetA)).body.materializationId;
    const b = (await other.trigger(ID.sheetA)).body.materializationId;
    const c = (await other.trigger(ID.sheetB)).body.materializationId;
    other.clock.advanceSeconds(10);
    const ja = (await other.status(a)).body;
    const jb = (await other.status(b)).body;
    expect(ja.expiredAt).toBe(jb.readyAt); // same instant: the later trigger wins
    expect(Date.parse(ja.expiredAt)).toBeGreaterThanOrEqual(Date.parse(ja.readyAt));
    expect(jb).not.toHaveProperty("expiredAt");
    expect((await other.status(c)).body).not.toHaveProperty("expiredAt"); // another sheet
    for (const t of [ja.startedAt, ja.readyAt, ja.expiredAt]) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("forget finished runs after the retention window (404), keeping dataset history", async () => {
    const { emu, clock, trigger, status, call } = await setup({ tokenTtlSeconds: 3 * 86_400 });
    const id = (await trigger(ID.sheetA)).body.materializationId;
    await call(`/v2/datasets/${ID.dsOk}/materialization`, {});
    clock.advance(10_000 + RUN_RETENTION_MS - 1);
    expect((await status(id)).status).toBe(200);
    clock.advance(1);
    await trigger(ID.sheetB); // a trigger sweeps (at most hourly, or every 256 triggers)
    expect((await status(id)).status).toBe(404);
    const history = (await call(`/v2/datasets/${ID.dsOk}/materialization`)).body;
    expect(history.total).toBe(2);
    expect(history.entries[0]).toMatchObject({ status: "success" });
    expect(emu.stats().materializationsStarted.total).toBe(3);
  });

  it("start a second job on a concurrent trigger by default", async () => {
    const { trigger } = await setup();
    const a = await trigger(ID.sheetA);
    const b = await trigger(ID.sheetA);
    expect(b.status).toBe(200);
    expect(b.body.materializationId).not.toBe(a.body.materializationId);
  });

  it("answer 409 conflict on a concurrent trigger with concurrentTrigger: conflict, until the run ends", async () => {
    const { clock, trigger } = await setup({ concurrentTrigger: "conflict" });
    expect((await trigger(ID.sheetA)).status).toBe(200);
    const second = await trigger(ID.sheetA);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: "conflict", requestId: expect.any(String) });
    expect((await trigger(ID.sheetB)).status).toBe(200); // another sheet is independent
    clock.advanceSeconds(10);
    expect((await trigger(ID.sheetA)).status).toBe(200);
  });

  it("are deterministic per seed and trigger order", async () => {
    const runs = async (seed: number) => {
      const s = await setup({ seed, materializationTime: [2, 30], materializationFailRate: 0.5 });
      const idList = [];
      for (const sheet of [ID.sheetA, ID.sheetB, ID.sheetA]) idList.push((await s.trigger(sheet)).body.materializationId as string);
      s.clock.advanceSeconds(30);
      return Promise.all(idList.map(async (id) => (await s.status(id)).body));
    };
    const [a, b, c] = await Promise.all([runs(3), runs(3), runs(4)]);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });
});

describe("data-model materializations", () => {
  it("use the colon route :materialize and their own status route", async () => {
    const { clock, call } = await setup();
    const res = await call(`/v2/dataModels/${ID.dm}:materialize`, { sheetId: ID.dmSheet });
    expect(res.status).toBe(200);
    const id = res.body.materializationId;
    clock.advanceSeconds(10);
    expect((await call(`/v2/dataModels/${ID.dm}/materializations/${id}`)).body.status).toBe("ready");
    expect((await call(`/v2/dataModels/${ID.dm}%3Amaterialize`, { sheetId: ID.dmSheet })).status).toBe(200);
    expect((await call(`/v2/dataModels/${ID.dm}:materialize`, { sheetId: ID.sheetA })).status).toBe(404);
    expect((await call(`/v2/workbooks/${ID.wb1}/materializations/${id}`)).status).toBe(404);
    expect((await call(`/v2/dataModels/${ID.dm}/materializationSchedules`)).body).toEqual({ entries: [expect.objectContaining({ sheetId: ID.dmSheet })] });
  });
});

describe("dataset materializations", () => {
  it("start with {taskId}; history lists a run only once it finished, newest first", async () => {
    const { emu, clock, call } = await setup();
    const started = await call(`/v2/datasets/${ID.dsOk}/materialization`, {});
    expect(Object.keys(started.body)).toEqual(["taskId"]);
    const during = await call(`/v2/datasets/${ID.dsOk}/materialization`);
    expect(during.body).toMatchObject({ total: 1, nextPage: null, hasMore: false });
    clock.advanceSeconds(10);
    const after = (await call(`/v2/datasets/${ID.dsOk}/materialization`)).body;
    expect(after.total).toBe(2);
    expect(after.entries[0]).toMatchObject({ status: "success", finishedAt: new Date(clock.now()).toISOString(), error: null, runtimeSecs: expect.any(Number), numRows: expect.any(Number) });
    emu.control.failSheets([ID.dsOk]);
    await call(`/v2/datasets/${ID.dsOk}/materialization`, {});
    clock.advanceSeconds(10);
    const failed = (await call(`/v2/datasets/${ID.dsOk}/materialization`)).body.entries[0];
    expect(failed).toMatchObject({ status: "failed", error: { code: expect.any(String), message: expect.any(String) }, numRows: null });
    expect(emu.stats().materializationsStarted).toEqual({ workbook: 0, dataModel: 0, dataset: 2, total: 2 });
  });
});
