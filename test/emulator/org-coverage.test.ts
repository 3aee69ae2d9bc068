import { describe, expect, it } from "vitest";
import { generateOrg } from "../../src/emulator/org/index.js";
import type { Org, OrgSize } from "../../src/emulator/org/types.js";

const cache = new Map<OrgSize, Org>();
const org = (size: OrgSize) => cache.get(size) ?? cache.set(size, generateOrg({ seed: 11, size })).get(size)!;

describe("generated org coverage", () => {
  it.each(["tiny", "small"] as const)("%s org has every kind of thing", (size) => {
    const o = org(size);
    const types = new Set(o.members.map((m) => m.memberType));
    for (const t of ["admin", "creator", "explorer", "viewer"]) expect(types).toContain(t);
    expect([...types].some((t) => o.accountTypes.find((a) => a.accountTypeName === t)?.isCustom)).toBe(true);
    expect(new Set(o.members.map((m) => m.userKind))).toEqual(new Set(["internal", "guest", "embed"]));
    expect(o.members.some((m) => m.isArchived)).toBe(true);
    expect(o.members.some((m) => m.isInactive)).toBe(true);
    expect(o.members[0]!.memberId).toBe(o.callerMemberId);
    expect(o.members[0]!.memberType).toBe("admin");
    expect(o.teams.every((t) => t.members.length > 0)).toBe(true);

    const elementTypes = new Set(o.workbooks.flatMap((w) => w.elements.map((e) => e.element.type)));
    expect(elementTypes).toEqual(new Set(["table", "pivot-table", "visualization", "input-table", "control", "text", "image"]));
    const nodeTypes = new Set(o.workbooks.flatMap((w) => w.elements.flatMap((e) => ("error" in e.lineage ? [] : Object.values(e.lineage.dependencies).map((n) => n.type)))));
    expect(nodeTypes).toEqual(new Set(["sheet", "table", "dataset", "data-model", "join", "union", "customSQL"]));
    expect(new Set(o.workbooks.flatMap((w) => w.sources.map((s) => s.type)))).toEqual(new Set(["table", "dataset", "data-model", "custom-sql"]));
    expect(new Set(o.dataModels.flatMap((d) => d.sources.map((s) => s.type)))).toEqual(new Set(["table", "dataset", "data-model", "custom-sql"]));
    expect(o.workbooks.flatMap((w) => w.lineage.map((e) => e.type)).includes("customSQL")).toBe(true);
    const schedules = [...o.workbooks.flatMap((w) => w.materializationSchedules), ...o.dataModels.flatMap((d) => d.materializationSchedules)];
    expect(schedules.some((s) => s.paused)).toBe(true);
    expect(schedules.some((s) => !s.paused)).toBe(true);
    expect(o.dataModels.some((d) => d.materializationSchedules.length > 0)).toBe(true);
    expect(o.datasets.some((d) => d.materializationHistory.length > 0)).toBe(true);
    expect(o.workbooks.some((w) => w.workbook.tags?.length)).toBe(true);
    expect(o.dataModels.some((d) => d.dataModel.tags?.length)).toBe(true);
    expect(o.files.some((f) => f.type === "table" && f.path.split("/").length === 3)).toBe(true);
    expect(o.datasets.every((d) => d.dataset.url === `https://app.sigmacomputing.com/${o.orgSlug}/b/${d.dataset.url.split("/").pop()}`)).toBe(true);
  });

  it("small org adds hidden and archived workbooks, every warehouse kind and no-lineage answers", () => {
    const o = org("small");
    expect(new Set(o.connections.map((c) => c.type))).toEqual(new Set(["snowflake", "bigQuery", "databricks", "redshift", "postgres"]));
    const hidden = o.workbooks.filter((w) => w.hiddenFromCaller).length;
    expect(hidden).toBeGreaterThan(0);
    expect(hidden).toBeLessThan(o.workbooks.length / 5);
    expect(o.workbooks.some((w) => w.workbook.isArchived)).toBe(true);
    const m = org("medium");
    expect(m.workbooks.some((w) => w.elements.some((e) => "error" in e.lineage && e.lineage.error === 500))).toBe(true);
    expect(m.datasets.some((d) => d.sourcesArchived)).toBe(true);
    expect(new Set(m.datasets.flatMap((d) => d.materializationHistory.map((r) => r.status)))).toEqual(new Set(["success", "failed", "marked", "swept"]));
    expect(new Set(m.datasets.map((d) => d.dataset.migrationStatus))).toEqual(new Set(["migrated", "not-migrated", "not-required"]));
    const paused = [...m.workbooks.flatMap((w) => w.materializationSchedules), ...m.dataModels.flatMap((d) => d.materializationSchedules)];
    const share = paused.filter((s) => s.paused).length / paused.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.3);
    // Data models built on other data models.
    expect(m.dataModels.filter((d) => d.sources.some((s) => s.type === "data-model")).length).toBeGreaterThan(1);
  });
});
