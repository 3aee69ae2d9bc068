/**
 * Materialization job status (workbook and data model) once `pending`, `ready` and `failed`,
 * validated against Sigma's OpenAPI document. A manual clock moves the runs along.
 */
import { expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/clock.js";
import { MaterializationJobDocSchema, MaterializationStartedDocSchema } from "../../src/schemas/index.js";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

// Every run lasts exactly this long (emulator seconds).
const RUN_SECONDS = 2;

interface Doc {
  /** Path of the document, e.g. /v2/workbooks/{id}. */
  base: string;
  /** Trigger path. */
  trigger: string;
  sheetId: string;
}

describeWithOpenApi.each(SIZES)("materialization job status conforms once ready and once failed (%s org)", (size) => {
  const clock = new ManualClock();
  const c = Conformance.forSuite(size, { clock, materializationTime: [RUN_SECONDS, RUN_SECONDS], materializationFailRate: 0 });

  /** Triggers a run of `doc`, checks it is pending, lets it finish and returns its final status body. */
  async function runToEnd(doc: Doc): Promise<Record<string, unknown> | undefined> {
    const started = await c.call("POST", doc.trigger, { sheetId: doc.sheetId });
    if (!c.expectValid("POST", doc.trigger, started, MaterializationStartedDocSchema)) return undefined;
    const get = `${doc.base}/materializations/${seg((started.body as { materializationId: string }).materializationId)}`;
    const pending = await c.call("GET", get);
    c.expectValid("GET", get, pending, MaterializationJobDocSchema);
    expect((pending.body as { status?: unknown }).status).toBe("pending");
    clock.advanceSeconds(RUN_SECONDS + 1);
    const done = await c.call("GET", get);
    c.expectValid("GET", get, done, MaterializationJobDocSchema);
    return done.body as Record<string, unknown>;
  }

  /** A ready run, then (after failSheets) a failed run of the same sheet. */
  async function readyThenFailed(doc: Doc): Promise<void> {
    const ready = await runToEnd(doc);
    c.emu.control.failSheets([doc.sheetId]);
    const failed = await runToEnd(doc);
    // Document mismatches first: they say what is wrong with a body.
    c.assertClean(6);
    expect(ready).toMatchObject({ status: "ready", startedAt: expect.any(String), readyAt: expect.any(String) });
    expect(ready?.error).toBeUndefined();
    expect(failed).toMatchObject({ status: "failed", startedAt: expect.any(String), error: expect.any(String) });
    expect(failed?.readyAt).toBeUndefined();
  }

  it("GET /v2/workbooks/{workbookId}/materializations/{materializationId}", async () => {
    const workbooks = (await c.walk("/v2/workbooks", "page", 1000)) as Array<{ workbookId: string }>;
    let doc: Doc | undefined;
    for (const wb of workbooks) {
      const schedules = (await c.walk(`/v2.1/workbooks/${seg(wb.workbookId)}/materialization-schedules`, "page", 1000)) as Array<{ sheetId: string }>;
      const base = `/v2/workbooks/${seg(wb.workbookId)}`;
      if (schedules[0]) {
        doc = { base, trigger: `${base}/materializations`, sheetId: schedules[0].sheetId };
        break;
      }
    }
    expect(doc, "a workbook with a materialization schedule").toBeDefined();
    await readyThenFailed(doc!);
  });

  it("GET /v2/dataModels/{dataModelId}/materializations/{materializationId}", async () => {
    const models = (await c.walk("/v2/dataModels", "page", 1000)) as Array<{ dataModelId: string }>;
    let doc: Doc | undefined;
    for (const dm of models) {
      const base = `/v2/dataModels/${seg(dm.dataModelId)}`;
      const schedules = (await c.walk(`${base}/materializationSchedules`, "token", 1000)) as Array<{ sheetId: string }>;
      if (schedules[0]) {
        doc = { base, trigger: `${base}:materialize`, sheetId: schedules[0].sheetId };
        break;
      }
    }
    expect(doc, "a data model with a materialization schedule").toBeDefined();
    await readyThenFailed(doc!);
  });
});
