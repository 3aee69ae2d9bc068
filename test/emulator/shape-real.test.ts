/**
 * The "real" shape: each deviation published real Sigma bodies show appears on some entries
 * but not all, an entity looks the same on every request and in list vs get, 21-character
 * urlIds are consistent everywhere and resolvable, the system member is listed, and the truth
 * is the strict one plus that member.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_MEMBER_ID } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { Json } from "./fixture.js";
import { itemsOf, shaped, type Shaped } from "./shape-support.js";

let real: Shaped;
let strict: Shaped;
let truth: Truth;

beforeAll(async () => {
  // medium: enough datasets, workspaces and data models for "some but not all" to be meaningful.
  [real, strict] = await Promise.all([shaped({ shape: "real", size: "medium" }), shaped({ shape: "strict", size: "medium" })]);
  truth = strict.emu.truth() as Truth;
});

afterAll(async () => {
  await Promise.all([real.emu.close(), strict.emu.close()]);
});

/** Expects `pred` to hold for some but not all of `items` (and that there are items). */
function someButNotAll(what: string, items: Json[], pred: (x: Json) => boolean): void {
  const hits = items.filter(pred).length;
  expect(items.length, `${what}: no items`).toBeGreaterThan(1);
  expect(hits, `${what}: on no entry`).toBeGreaterThan(0);
  expect(hits, `${what}: on every entry`).toBeLessThan(items.length);
}

const visibleWorkbooks = () => truth.workbooks.filter((w) => !w.hiddenFromCaller && !w.isArchived);

describe("real shape: the published deviations, on a share of entries", () => {
  it("datasets without owner, referenceCount, path, migrationToDataModel, migrationStatus", async () => {
    const list = itemsOf(await real.get("/v2/datasets?limit=1000"));
    for (const f of ["owner", "referenceCount", "path", "migrationToDataModel", "migrationStatus"]) someButNotAll(`dataset.${f} absent`, list, (d) => !(f in d));
  });

  it("workspaces without workspaceUrlId", async () => {
    someButNotAll("workspaceUrlId absent", itemsOf(await real.get("/v2.1/workspaces?limit=1000")), (w) => !("workspaceUrlId" in w));
  });

  it("data models with urlId instead of dataModelUrlId and without ownerId/updatedBy", async () => {
    const list = itemsOf(await real.get("/v2/dataModels?limit=1000"));
    someButNotAll("data model urlId", list, (d) => "urlId" in d);
    for (const d of list) {
      expect("urlId" in d).toBe(!("dataModelUrlId" in d));
      if ("urlId" in d) {
        expect(d).not.toHaveProperty("ownerId");
        expect(d).not.toHaveProperty("updatedBy");
      }
    }
  });

  it("an undocumented workspaceId on workbooks and datasets, naming the document's workspace", async () => {
    const workspaces = new Set(itemsOf(await real.get("/v2.1/workspaces?limit=1000")).map((w: Json) => w.workspaceId));
    const workbooks = itemsOf(await real.get("/v2/workbooks?limit=1000"));
    const datasets = itemsOf(await real.get("/v2/datasets?limit=1000"));
    someButNotAll("workbook.workspaceId", workbooks, (w) => "workspaceId" in w);
    someButNotAll("dataset.workspaceId", datasets, (d) => "workspaceId" in d);
    for (const x of [...workbooks, ...datasets]) if ("workspaceId" in x) expect(workspaces.has(x.workspaceId)).toBe(true);
  });

  it("element columns as {columnId, label} only; vizualizationType null", async () => {
    const columns: Json[] = [];
    const elements: Json[] = [];
    for (const w of visibleWorkbooks().slice(0, 10)) {
      elements.push(...itemsOf(await real.get(`/v2/workbooks/${w.workbookId}/elements?limit=1000`)));
      for (const e of w.elements.slice(0, 4)) columns.push(...itemsOf(await real.get(`/v2/workbooks/${w.workbookId}/elements/${e.elementId}/columns?limit=1000`)));
    }
    someButNotAll("element column {columnId, label}", columns, (c) => Object.keys(c).sort().join() === "columnId,label");
    someButNotAll("vizualizationType null", elements, (e) => e.vizualizationType === null);
    // Only where strict has no vizualizationType: a real one is never lost.
    for (const e of elements) if (e.vizualizationType === null) expect(truth.workbooks.some((w) => w.elements.some((x) => x.elementId === e.elementId))).toBe(true);
  });

  it("lineage entries without dataSourceIds (elements) or connectionId (sources)", async () => {
    const entries: Json[] = [];
    for (const w of visibleWorkbooks()) entries.push(...itemsOf(await real.get(`/v2/workbooks/${w.workbookId}/lineage?limit=1000`)));
    someButNotAll("element entry without dataSourceIds", entries.filter((e) => e.type === "element"), (e) => !("dataSourceIds" in e));
    someButNotAll("source entry without connectionId", entries.filter((e) => e.type !== "element"), (e) => !("connectionId" in e));
  });

  it("file badges Warning and Deprecated on documents", async () => {
    const docs = itemsOf(await real.get("/v2/files?limit=1000")).filter((f: Json) => ["workbook", "dataset", "data-model"].includes(f.type));
    someButNotAll("badge set", docs, (f) => f.badge !== null);
    expect(new Set(docs.map((f: Json) => f.badge))).toEqual(new Set([null, "Warning", "Deprecated"]));
  });

  it("the system member SigmaSchedulerRobot, who created itself, in lists, get and truth", async () => {
    const members = itemsOf(await real.get("/v2.1/members?limit=1000"));
    const robot = members.find((m: Json) => m.memberId === SYSTEM_MEMBER_ID);
    expect(robot).toBeDefined();
    expect(robot.createdBy).toBe(SYSTEM_MEMBER_ID);
    expect(robot.updatedBy).toBe(SYSTEM_MEMBER_ID);
    // Not in the member-id format the others share.
    expect(members.filter((m: Json) => m.memberId.length === robot.memberId.length)).toHaveLength(1);
    expect(await real.get(`/v2/members/${SYSTEM_MEMBER_ID}`)).toEqual(robot);
    expect(itemsOf(await real.get("/v2/members?limit=1000")).some((m: Json) => m.memberId === SYSTEM_MEMBER_ID)).toBe(true);
    expect(itemsOf(await strict.get("/v2.1/members?limit=1000")).some((m: Json) => m.memberId === SYSTEM_MEMBER_ID)).toBe(false);
    expect((await strict.raw(`/v2/members/${SYSTEM_MEMBER_ID}`)).status).toBe(404);
  });

  it("the truth is strict's plus the system member", () => {
    const t = structuredClone(real.emu.truth()) as Truth;
    expect(t.members.map((m) => m.memberId)).toContain(SYSTEM_MEMBER_ID);
    t.members = t.members.filter((m) => m.memberId !== SYSTEM_MEMBER_ID);
    t.counts.members = (t.counts.members ?? 0) - 1;
    expect(t).toEqual(truth);
  });
});

describe("real shape: 21-character urlIds", () => {
  it("some workbook urlIds have 21 characters, the same in the workbook, its url and its file", async () => {
    const workbooks = itemsOf(await real.get("/v2/workbooks?limit=1000"));
    someButNotAll("21-char workbookUrlId", workbooks, (w) => w.workbookUrlId.length === 21);
    expect(workbooks.every((w: Json) => [21, 22].includes(w.workbookUrlId.length))).toBe(true);
    const files = new Map(itemsOf(await real.get("/v2/files?limit=1000")).map((f: Json) => [f.id, f]));
    for (const w of workbooks) {
      expect(w.url.endsWith(`/${w.workbookUrlId}`)).toBe(true);
      expect((files.get(w.workbookId) as Json).urlId).toBe(w.workbookUrlId);
    }
  });

  it("parentUrlId agrees with the parent's urlId, and a short urlId resolves on GET /v2/files/{urlId}", async () => {
    const files = itemsOf(await real.get("/v2/files?limit=1000"));
    const byId = new Map(files.map((f: Json) => [f.id, f]));
    let checked = 0;
    for (const f of files) {
      const parent = byId.get(f.parentId) as Json;
      if (parent) {
        expect(f.parentUrlId).toBe(parent.urlId);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    const short = files.filter((f: Json) => f.urlId.length === 21);
    expect(short.length).toBeGreaterThan(0);
    for (const f of short.slice(0, 5)) expect(await real.get(`/v2/files/${f.urlId}`)).toEqual(f);
    // Children of a folder named by its short urlId.
    const folder = short.find((f: Json) => f.type === "folder" || f.type === "workspace");
    if (folder) {
      const kids = itemsOf(await real.get(`/v2/files?parentId=${folder.urlId}&directChildFilter=true&limit=1000`));
      expect(kids.map((k: Json) => k.id).sort()).toEqual(files.filter((x: Json) => x.parentId === folder.id).map((x: Json) => x.id).sort());
    }
  });

  it("data-model urlIds are consistent between the data model, its file and lineage node ids", async () => {
    const models = itemsOf(await real.get("/v2/dataModels?limit=1000"));
    const files = new Map(itemsOf(await real.get("/v2/files?typeFilters=data-model&limit=1000")).map((f: Json) => [f.id, f]));
    for (const d of models) {
      const urlId = d.urlId ?? d.dataModelUrlId;
      const file = files.get(d.dataModelId) as Json | undefined;
      if (file) expect(file.urlId).toBe(urlId);
    }
    // No full-length form of a shortened urlId anywhere in a strict-vs-real comparison of workbook bodies.
    const strictModels = itemsOf(await strict.get("/v2/dataModels?limit=1000"));
    const shortened = strictModels.filter((s: Json, i: number) => (models[i].urlId ?? models[i].dataModelUrlId) !== s.dataModelUrlId).map((s: Json) => s.dataModelUrlId as string);
    for (const w of visibleWorkbooks()) {
      const text = (await real.raw(`/v2/workbooks/${w.workbookId}/lineage?limit=1000`)).text;
      for (const long of shortened) expect(text.includes(long)).toBe(false);
    }
  });
});

describe("real shape: one entity, one look", () => {
  it("list entries equal their get, for workbooks, data models, datasets, workspaces, members and files", async () => {
    const pairs: Array<[string, string, (x: Json) => string]> = [
      ["/v2/workbooks?limit=1000", "/v2/workbooks/", (x) => x.workbookId],
      ["/v2/dataModels?limit=1000", "/v2/dataModels/", (x) => x.dataModelId],
      ["/v2/datasets?limit=1000", "/v2/datasets/", (x) => x.datasetId],
      ["/v2.1/workspaces?limit=1000", "/v2/workspaces/", (x) => x.workspaceId],
      ["/v2.1/members?limit=1000", "/v2/members/", (x) => x.memberId],
      ["/v2/files?limit=1000", "/v2/files/", (x) => x.id],
    ];
    for (const [listPath, getPath, id] of pairs) {
      for (const item of itemsOf(await real.get(listPath)).slice(0, 40)) expect(await real.get(`${getPath}${id(item)}`), `${getPath}${id(item)}`).toEqual(item);
    }
  });

  it("a page of a list shows the entries as the full list does", async () => {
    const all = itemsOf(await real.get("/v2/datasets?limit=1000"));
    const second = itemsOf(await real.get("/v2/datasets?limit=3&page=3"));
    expect(second).toEqual(all.slice(3, 6));
  });

  it("bodies are identical across requests (after a reset, without the cache) and across emulators of one seed", async () => {
    const paths = ["/v2/datasets?limit=1000", "/v2/dataModels?limit=1000", "/v2/files?limit=1000", `/v2/workbooks/${visibleWorkbooks()[0]!.workbookId}/lineage`];
    const before = await Promise.all(paths.map((p) => real.raw(p)));
    await real.emu.fetch(`${real.emu.url}/__emulator/reset`, { method: "POST" });
    const after = await Promise.all(paths.map((p) => real.raw(p)));
    expect(after).toEqual(before);
    const twin = await shaped({ shape: "real", size: "medium" });
    try {
      expect(await Promise.all(paths.map((p) => twin.raw(p)))).toEqual(before);
      const otherSeed = await shaped({ shape: "real", size: "medium", shapeSeed: 99 });
      try {
        expect(await Promise.all(paths.map((p) => otherSeed.raw(p)))).not.toEqual(before);
      } finally {
        await otherSeed.emu.close();
      }
    } finally {
      await twin.emu.close();
    }
  });

  it("counts what it varied in /__emulator/stats", async () => {
    await real.get("/v2/datasets?limit=1000");
    const stats = real.emu.stats().shape;
    expect(stats.mode).toBe("real");
    expect(stats.entriesVaried).toBeGreaterThan(0);
    expect(stats.entriesVaried).toBeLessThan(stats.entries);
    expect(stats.fieldsDropped).toBeGreaterThan(0);
    expect(stats.shortUrlIds).toBeGreaterThan(0);
    expect(stats.byKind.dataset!.varied).toBeGreaterThan(0);
    expect(strict.emu.stats().shape).toMatchObject({ mode: "strict", entries: 0, entriesVaried: 0 });
  });
});
