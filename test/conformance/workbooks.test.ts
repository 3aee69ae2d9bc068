/** Every workbook route the client uses, validated against Sigma's OpenAPI document. */
import { expect, it } from "vitest";
import {
  ElementColumnDocSchema,
  ElementLineageDocSchema,
  ElementQueryDocSchema,
  ElementDocSchema,
  LineageEntryDocSchema,
  MaterializationJobDocSchema,
  MaterializationScheduleDocSchema,
  MaterializationStartedDocSchema,
  WorkbookColumnDocSchema,
  WorkbookPageDocSchema,
  WorkbookDocSchema,
  WorkbookSourceDocSchema,
} from "../../src/schemas/index.js";
import { z } from "zod";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

// Sub-lists are walked with both page sizes for this many workbooks (the rest: large pages only).
const DEEP_WORKBOOKS = 2;

describeWithOpenApi.each(SIZES)("workbook routes conform to the OpenAPI document (%s org)", (size) => {
  const c = Conformance.forSuite(size);
  let workbooks: Array<{ workbookId: string }> = [];

  it("lists workbooks across pages and gets each one", async () => {
    workbooks = (await c.walkBoth("/v2/workbooks", "page", WorkbookDocSchema)) as typeof workbooks;
    expect(workbooks.length, "the emulator org has workbooks").toBeGreaterThan(0);
    for (const wb of workbooks) {
      const p = `/v2/workbooks/${seg(wb.workbookId)}`;
      c.expectValid("GET", p, await c.call("GET", p), WorkbookDocSchema);
    }
    c.assertClean(6);
  });

  it("serves pages, page elements, elements, columns, queries, lineage and sources of every workbook", async () => {
    expect(workbooks.length).toBeGreaterThan(0);
    const statuses = { query: new Map<number, number>(), lineage: new Map<number, number>() };
    const count = (m: Map<number, number>, s: number) => m.set(s, (m.get(s) ?? 0) + 1);
    for (const [i, wb] of workbooks.entries()) {
      const base = `/v2/workbooks/${seg(wb.workbookId)}`;
      const walk = (path: string, schema: z.ZodType) => (i < DEEP_WORKBOOKS ? c.walkBoth(path, "page", schema) : c.walk(path, "page", 1000, schema));
      const pages = (await walk(`${base}/pages`, WorkbookPageDocSchema)) as Array<{ pageId: string }>;
      const onPages: string[] = [];
      for (const page of pages) {
        const els = (await walk(`${base}/pages/${seg(page.pageId)}/elements`, ElementDocSchema)) as Array<{ elementId: string }>;
        onPages.push(...els.map((e) => e.elementId));
      }
      const elements = (await walk(`${base}/elements`, ElementDocSchema)) as Array<{ elementId: string }>;
      const ids = elements.map((e) => e.elementId);
      if ([...onPages].sort().join() !== [...ids].sort().join()) {
        c.mismatches.push(`${base}: page elements (${onPages.length}) and /elements (${ids.length}) disagree`);
      }
      await walk(`${base}/columns`, WorkbookColumnDocSchema);
      await walk(`${base}/queries`, ElementQueryDocSchema);
      await walk(`${base}/lineage`, LineageEntryDocSchema);
      c.expectValid("GET", `${base}/sources`, await c.call("GET", `${base}/sources`), z.array(WorkbookSourceDocSchema));
      for (const id of ids) {
        await walk(`${base}/elements/${seg(id)}/columns`, ElementColumnDocSchema);
        const q = `${base}/elements/${seg(id)}/query`;
        const qa = await c.call("GET", q);
        count(statuses.query, qa.status);
        if (qa.status === 200) c.expectValid("GET", q, qa, ElementQueryDocSchema);
        else c.expectError("GET", q, qa, [400, 404]);
        const l = `${base}/lineage/elements/${seg(id)}`;
        const la = await c.call("GET", l);
        count(statuses.lineage, la.status);
        // 500 is Sigma's ordinary "no lineage" answer; 400 for UI elements; 403 when not accessible.
        if (la.status === 200) c.expectValid("GET", l, la, ElementLineageDocSchema);
        else c.expectError("GET", l, la, [400, 403, 500]);
      }
    }
    // Both the ordinary answers and the documented error answers were seen, so both were checked.
    expect(statuses.query.get(200) ?? 0, "element queries answered 200").toBeGreaterThan(0);
    expect(statuses.lineage.get(200) ?? 0, "element lineage answered 200").toBeGreaterThan(0);
    if (process.env.CONFORMANCE_DEBUG) console.log(size, JSON.stringify([...statuses.query]), JSON.stringify([...statuses.lineage]));
    c.assertClean(100);
  });

  it("lists materialization schedules (v2 legacy and v2.1) and runs one", async () => {
    expect(workbooks.length).toBeGreaterThan(0);
    let ran = 0;
    for (const wb of workbooks) {
      const base = `/v2/workbooks/${seg(wb.workbookId)}`;
      const legacy = `${base}/materialization-schedules`;
      c.expectValid("GET", legacy, await c.call("GET", legacy));
      c.expectValid("GET", `${legacy}?limit=1000`, await c.call("GET", `${legacy}?limit=1000`));
      const schedules = (await c.walkBoth(`/v2.1/workbooks/${seg(wb.workbookId)}/materialization-schedules`, "page", MaterializationScheduleDocSchema)) as Array<{ sheetId: string }>;
      const first = schedules[0];
      if (!first || ran >= 2) continue;
      const post = `${base}/materializations`;
      const started = await c.call("POST", post, { sheetId: first.sheetId });
      if (!c.expectValid("POST", post, started, MaterializationStartedDocSchema)) continue;
      const id = (started.body as { materializationId: string }).materializationId;
      const get = `${base}/materializations/${seg(id)}`;
      c.expectValid("GET", get, await c.call("GET", get), MaterializationJobDocSchema);
      ran++;
    }
    expect(ran, "at least one workbook has a materialization schedule").toBeGreaterThan(0);
    c.assertClean(10);
  });
});
