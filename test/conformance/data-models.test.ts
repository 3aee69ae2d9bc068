/** Every data-model route the client uses, validated against Sigma's OpenAPI document. */
import { expect, it } from "vitest";
import {
  DataModelColumnDocSchema,
  DataModelDocSchema,
  DataModelSourceDocSchema,
  ElementDocSchema,
  LineageEntryDocSchema,
  MaterializationJobDocSchema,
  MaterializationScheduleDocSchema,
  MaterializationStartedDocSchema,
} from "../../src/schemas/index.js";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

describeWithOpenApi.each(SIZES)("data-model routes conform to the OpenAPI document (%s org)", (size) => {
  const c = Conformance.forSuite(size);

  it("lists, gets and walks the sub-lists of every data model; runs a materialization", async () => {
    const models = (await c.walkBoth("/v2/dataModels", "page", DataModelDocSchema)) as Array<{ dataModelId: string }>;
    expect(models.length, "the emulator org has data models").toBeGreaterThan(0);
    let ran = 0;
    for (const dm of models) {
      const base = `/v2/dataModels/${seg(dm.dataModelId)}`;
      c.expectValid("GET", base, await c.call("GET", base), DataModelDocSchema);
      await c.walkBoth(`${base}/elements`, "page", ElementDocSchema);
      await c.walkBoth(`${base}/columns`, "page", DataModelColumnDocSchema);
      await c.walkBoth(`${base}/lineage`, "page", LineageEntryDocSchema);
      await c.walkBoth(`${base}/sources`, "token", DataModelSourceDocSchema);
      const schedules = (await c.walkBoth(`${base}/materializationSchedules`, "token", MaterializationScheduleDocSchema)) as Array<{ sheetId: string }>;
      const first = schedules[0];
      if (!first || ran >= 2) continue;
      const post = `${base}:materialize`;
      const started = await c.call("POST", post, { sheetId: first.sheetId });
      if (!c.expectValid("POST", post, started, MaterializationStartedDocSchema)) continue;
      const get = `${base}/materializations/${seg((started.body as { materializationId: string }).materializationId)}`;
      c.expectValid("GET", get, await c.call("GET", get), MaterializationJobDocSchema);
      ran++;
    }
    expect(ran, "at least one data model has a materialization schedule").toBeGreaterThan(0);
    c.assertClean(30);
  });
});
