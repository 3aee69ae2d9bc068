import { afterEach, describe, expect, it, vi } from "vitest";
import { buildTruth, generateOrg, mutateWorkbooks, SIZES } from "../../src/emulator/org/index.js";
import { EPOCH_MS } from "../../src/emulator/org/time.js";
import * as S from "../../src/schemas/index.js";
import type { Org, OrgSize } from "../../src/emulator/org/types.js";

const cache = new Map<string, Org>();
function org(size: OrgSize, seed = 7): Org {
  const key = `${size}:${seed}`;
  let o = cache.get(key);
  if (!o) cache.set(key, (o = generateOrg({ seed, size })));
  return o;
}

afterEach(() => vi.restoreAllMocks());

describe("generateOrg determinism", () => {
  it("gives a JSON-identical org for the same seed and size", () => {
    const a = JSON.stringify(generateOrg({ seed: 42, size: "small" }));
    const b = JSON.stringify(generateOrg({ seed: 42, size: "small" }));
    expect(a).toBe(b);
  });

  it("gives a different org for a different seed", () => {
    const a = generateOrg({ seed: 1, size: "tiny" });
    const b = generateOrg({ seed: 2, size: "tiny" });
    expect(a.organizationId).not.toBe(b.organizationId);
    expect(a.workbooks[0]!.workbook.workbookId).not.toBe(b.workbooks[0]!.workbook.workbookId);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it("never reads Math.random or the clock", () => {
    const random = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random called");
    });
    const now = vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now called");
    });
    expect(() => generateOrg({ seed: 3, size: "small" })).not.toThrow();
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
  });

  it("rejects an unknown size", () => {
    expect(() => generateOrg({ seed: 1, size: "huge" as OrgSize })).toThrow(/unknown organisation size/);
    expect(() => generateOrg({ seed: 1, size: "toString" as OrgSize })).toThrow(/unknown organisation size/);
  });

  it("keeps every timestamp ISO-8601 with milliseconds and not after the epoch", () => {
    const text = JSON.stringify(org("small"));
    const stamps = text.match(/"(?:createdAt|updatedAt|configuredAt|finishedAt|lastActiveAt|taggedAt|workbookTaggedAt)":"[^"]*"/g) ?? [];
    expect(stamps.length).toBeGreaterThan(100);
    for (const s of stamps) {
      const value = s.slice(s.indexOf(":") + 2, -1);
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(value)).toBeLessThanOrEqual(EPOCH_MS);
    }
  });
});

describe("generateOrg sizes", () => {
  it.each(["tiny", "small", "medium"] as const)("%s meets its size profile", (size) => {
    const o = org(size);
    const p = SIZES[size];
    expect(o.workbooks).toHaveLength(p.workbooks);
    expect(o.dataModels).toHaveLength(p.dataModels);
    expect(o.datasets).toHaveLength(p.datasets);
    expect(o.members).toHaveLength(p.members);
    expect(o.teams).toHaveLength(p.teams);
    expect(o.workspaces).toHaveLength(p.workspaces);
    expect(o.connections).toHaveLength(p.connections);
    const pages = o.workbooks.reduce((n, w) => n + w.pages.length, 0);
    const elements = o.workbooks.reduce((n, w) => n + w.elements.length, 0);
    expect(pages / o.workbooks.length).toBeGreaterThanOrEqual(p.pages[0]);
    expect(pages / o.workbooks.length).toBeLessThanOrEqual(Math.max(p.pages[1], 2));
    expect(elements / pages).toBeGreaterThanOrEqual(p.elementsPerPage[0]);
    expect(elements / pages).toBeLessThanOrEqual(Math.max(p.elementsPerPage[1], 7));
  });

  it("sizes the tiny org for unit tests and large for the benchmark", () => {
    expect(SIZES.tiny).toMatchObject({ workbooks: 3, dataModels: 2, datasets: 2, members: 5 });
    expect(SIZES.small.workbooks).toBe(25);
    expect(SIZES.medium.workbooks).toBe(300);
    expect(SIZES.large).toMatchObject({ workbooks: 2000, dataModels: 200, members: 3000 });
    // ~4 pages per workbook and ~5 elements per page give ~8,000 pages and ~40,000 elements.
    const avgPages = (SIZES.large.pages[0] + SIZES.large.pages[1]) / 2;
    const avgElements = (SIZES.large.elementsPerPage[0] + SIZES.large.elementsPerPage[1]) / 2;
    expect(SIZES.large.workbooks * avgPages).toBe(8000);
    expect(SIZES.large.workbooks * avgPages * avgElements).toBe(40000);
    expect(SIZES.xl.workbooks).toBe(10000);
  });
});

describe("generated payloads", () => {
  it("match the shared zod schemas", () => {
    const o = org("small");
    const check = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, items: unknown[], what: string) => {
      expect(items.length, what).toBeGreaterThan(0);
      for (const item of items) {
        const r = schema.safeParse(item);
        if (!r.success) throw new Error(`${what}: ${JSON.stringify(item).slice(0, 300)}: ${String(r.error)}`);
      }
    };
    const els = o.workbooks.flatMap((w) => w.elements);
    check(S.MemberSchema, o.members, "member");
    check(S.TeamSchema, o.teams.map((t) => t.team), "team");
    check(S.TeamMemberSchema, o.teams.flatMap((t) => t.members), "team member");
    check(S.WorkspaceSchema, o.workspaces, "workspace");
    check(S.SigmaFileSchema, o.files, "file");
    check(S.ConnectionSchema, o.connections, "connection");
    check(S.TableColumnSchema, o.tables.flatMap((t) => t.columns), "table column");
    check(S.DatasetSchema, o.datasets.map((d) => d.dataset), "dataset");
    check(S.DatasetSourceSchema, o.datasets.flatMap((d) => d.sources), "dataset source");
    check(S.DatasetMaterializationRunSchema, o.datasets.flatMap((d) => d.materializationHistory), "dataset run");
    check(S.DataModelSchema, o.dataModels.map((d) => d.dataModel), "data model");
    check(S.ElementSchema, o.dataModels.flatMap((d) => d.elements), "data-model element");
    check(S.DataModelColumnSchema, o.dataModels.flatMap((d) => d.columns), "data-model column");
    check(S.LineageEntrySchema, o.dataModels.flatMap((d) => d.lineage), "data-model lineage");
    check(S.DataModelSourceSchema, o.dataModels.flatMap((d) => d.sources), "data-model source");
    check(S.WorkbookSchema, o.workbooks.map((w) => w.workbook), "workbook");
    check(S.WorkbookPageSchema, o.workbooks.flatMap((w) => w.pages), "page");
    check(S.ElementSchema, els.map((e) => e.element), "element");
    check(S.ElementColumnSchema, els.flatMap((e) => e.columns), "element column");
    check(S.ElementQuerySchema, els.flatMap((e) => (e.query ? [e.query] : [])), "element query");
    check(S.ElementLineageSchema, els.flatMap((e) => ("error" in e.lineage ? [] : [e.lineage])), "element lineage");
    check(S.WorkbookColumnSchema, o.workbooks.flatMap((w) => w.columns), "workbook column");
    check(S.LineageEntrySchema, o.workbooks.flatMap((w) => w.lineage), "workbook lineage");
    check(S.WorkbookSourceSchema, o.workbooks.flatMap((w) => w.sources), "workbook source");
    check(S.MaterializationScheduleSchema, [...o.workbooks, ...o.dataModels].flatMap((d) => d.materializationSchedules), "schedule");
  });
});

describe("buildTruth", () => {
  it("counts equal the arrays and entries carry Sigma's ids", () => {
    const o = org("small");
    const t = buildTruth(o);
    expect(t.counts.workbooks).toBe(t.workbooks.length);
    expect(t.counts.dataModels).toBe(t.dataModels.length);
    expect(t.counts.datasets).toBe(t.datasets.length);
    expect(t.counts.members).toBe(t.members.length);
    expect(t.counts.teams).toBe(t.teams.length);
    expect(t.counts.files).toBe(t.files.length);
    expect(t.counts.connections).toBe(t.connections.length);
    expect(t.counts.workspaces).toBe(t.workspaces.length);
    expect(t.counts.tables).toBe(t.tables.length);
    expect(t.counts.pages).toBe(t.workbooks.reduce((n, w) => n + w.pages.length, 0));
    expect(t.counts.elements).toBe(t.workbooks.reduce((n, w) => n + w.elements.length, 0));
    expect(t.counts.workbookMaterializationSchedules).toBe(o.workbooks.reduce((n, w) => n + w.materializationSchedules.length, 0));
    expect(t.workbooks.map((w) => w.workbookId)).toEqual(o.workbooks.map((w) => w.workbook.workbookId));
    expect(t.members.map((m) => m.memberId)).toEqual(o.members.map((m) => m.memberId));
    expect(t.tables[0]).toEqual({ inodeId: o.tables[0]!.inodeId, connectionId: o.tables[0]!.connectionId, path: o.tables[0]!.path, downstreamSchedules: expect.any(Array) });
    const wb = o.workbooks[0]!;
    expect(t.workbooks[0]!.elements).toHaveLength(wb.elements.length);
    expect(t.workbooks[0]!.materializationSchedules).toEqual(
      wb.materializationSchedules.map((s) => ({ sheetId: s.sheetId, elementId: s.elementId, paused: s.paused })),
    );
    expect(t.workbooks.some((w) => w.hiddenFromCaller)).toBe(true);
  });

  it("is a snapshot: mutating the org later does not change it", () => {
    const o = generateOrg({ seed: 5, size: "tiny" });
    const t = buildTruth(o);
    const before = JSON.stringify(t);
    mutateWorkbooks(o, 2, 1);
    expect(JSON.stringify(t)).toBe(before);
  });
});

describe("mutateWorkbooks", () => {
  it("bumps version and updatedAt past every workbook and renames one element", () => {
    const o = generateOrg({ seed: 9, size: "small" });
    const before = new Map(o.workbooks.map((w) => [w.workbook.workbookId, structuredClone(w)]));
    const maxBefore = Math.max(...o.workbooks.map((w) => Date.parse(w.workbook.updatedAt)));
    const ids = mutateWorkbooks(o, 3, 11);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      const now = o.workbooks.find((w) => w.workbook.workbookId === id)!;
      const old = before.get(id)!;
      expect(now.hiddenFromCaller || now.workbook.isArchived).toBe(false);
      expect(now.workbook.latestVersion).toBe(old.workbook.latestVersion + 1);
      expect(Date.parse(now.workbook.updatedAt)).toBeGreaterThan(maxBefore);
      expect(o.files.find((f) => f.id === id)!.updatedAt).toBe(now.workbook.updatedAt);
      const renamed = now.elements.filter((e, i) => e.element.name !== old.elements[i]!.element.name);
      expect(renamed).toHaveLength(1);
      expect(renamed[0]!.element.name).toMatch(/ \(v\d+\)$/);
      if (renamed[0]!.query) expect(renamed[0]!.query.name).toBe(renamed[0]!.element.name);
    }
    const untouched = o.workbooks.filter((w) => !ids.includes(w.workbook.workbookId));
    for (const w of untouched) expect(w).toEqual(before.get(w.workbook.workbookId));
  });

  it("is deterministic and later calls move updatedAt further", () => {
    const a = generateOrg({ seed: 9, size: "small" });
    const b = generateOrg({ seed: 9, size: "small" });
    expect(mutateWorkbooks(a, 4, 99)).toEqual(mutateWorkbooks(b, 4, 99));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const max1 = Math.max(...a.workbooks.map((w) => Date.parse(w.workbook.updatedAt)));
    const [id] = mutateWorkbooks(a, 1, 100);
    expect(Date.parse(a.workbooks.find((w) => w.workbook.workbookId === id)!.workbook.updatedAt)).toBeGreaterThan(max1);
  });

  it("clamps n to the workbooks that can change", () => {
    const o = generateOrg({ seed: 4, size: "tiny" });
    expect(mutateWorkbooks(o, 0, 1)).toEqual([]);
    expect(mutateWorkbooks(o, 50, 1)).toHaveLength(o.workbooks.filter((w) => !w.workbook.isArchived && !w.hiddenFromCaller).length);
  });
});
