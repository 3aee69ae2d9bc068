/** ChangePlan: what `--since last` fetches again, and why (list entry, errors, upstream documents). */
import { describe, expect, it } from "vitest";
import type { IndexedDoc } from "../../src/extract/carry-index.js";
import { ChangePlan, docDeps, fingerprint } from "../../src/extract/change-plan.js";

const wb = (id: string, extra: Record<string, unknown> = {}) => ({ workbookId: id, updatedAt: "2026-01-01T00:00:00.000Z", latestVersion: 3, name: id, ...extra });
const dm = (id: string, extra: Record<string, unknown> = {}) => ({ dataModelId: id, updatedAt: "2026-01-01T00:00:00.000Z", latestVersion: 1, ...extra });

function rec(kind: IndexedDoc["kind"], entry: Record<string, unknown>, deps: string[] = [], err = false): IndexedDoc {
  const id = String(entry.workbookId ?? entry.dataModelId ?? entry.datasetId);
  return { kind, id, fp: fingerprint(entry), updatedAt: String(entry.updatedAt), latestVersion: entry.latestVersion, deps, err, nl: 0, dup: {}, seg: {} };
}

function planOf(records: IndexedDoc[]): ChangePlan {
  return new ChangePlan(new Map(records.map((r) => [`${r.kind}:${r.id}`, r])));
}

describe("ChangePlan", () => {
  it("names why a document is fetched: new, updatedAt, latestVersion, another field, earlier errors", () => {
    const plan = planOf([rec("workbook", wb("a")), rec("workbook", wb("b")), rec("workbook", wb("c")), rec("workbook", wb("d"), [], true), rec("workbook", wb("e"))]);
    expect(plan.classify("workbook", "a", wb("a", { updatedAt: "2026-02-01T00:00:00.000Z" }))).toBe("updatedAt");
    // A new version without an updatedAt bump is still a change.
    expect(plan.classify("workbook", "b", wb("b", { latestVersion: 4 }))).toBe("latestVersion");
    expect(plan.classify("workbook", "c", wb("c", { path: "Moved/Here" }))).toBe("entry");
    expect(plan.classify("workbook", "d", wb("d"))).toBe("errors");
    expect(plan.classify("workbook", "new", wb("new"))).toBe("new");
    expect(plan.classify("workbook", "e", wb("e"))).toBeUndefined();
    const { fetch, carried } = plan.settle();
    expect(fetch).toEqual([]);
    expect([...carried.keys()]).toEqual(["workbook:e"]);
    expect(plan.reasons).toEqual({ updatedAt: 1, latestVersion: 1, entry: 1, errors: 1, new: 1 });
  });

  it("fetches an unchanged workbook again when a data model it reads changed, transitively", () => {
    // w1 reads m1, which reads m2 (changed); w2 reads m3 (unchanged); w3 reads an id neither run listed.
    const plan = planOf([
      rec("datamodel", dm("m1"), ["m2"]),
      rec("datamodel", dm("m2")),
      rec("datamodel", dm("m3")),
      rec("workbook", wb("w1"), ["m1"]),
      rec("workbook", wb("w2"), ["m3"]),
      rec("workbook", wb("w3"), ["elsewhere"]),
      rec("workbook", wb("w4"), ["gone"]),
      rec("datamodel", dm("gone")),
    ]);
    for (const id of ["w1", "w2", "w3", "w4"]) expect(plan.classify("workbook", id, wb(id))).toBeUndefined();
    expect(plan.classify("datamodel", "m1", dm("m1"))).toBeUndefined();
    expect(plan.classify("datamodel", "m2", dm("m2", { updatedAt: "2026-03-01T00:00:00.000Z" }))).toBe("updatedAt");
    expect(plan.classify("datamodel", "m3", dm("m3"))).toBeUndefined();
    // "gone" is not listed any more: what read it changed too.
    const { fetch, carried } = plan.settle();
    expect(fetch.map((f) => `${f.kind}:${String(f.entry.workbookId ?? f.entry.dataModelId)}`).sort()).toEqual(["datamodel:m1", "workbook:w1", "workbook:w4"]);
    expect([...carried.keys()].sort()).toEqual(["datamodel:m3", "workbook:w2", "workbook:w3"]);
    expect(plan.reasons).toEqual({ updatedAt: 1, upstream: 3 });
  });

  it("reads dependencies from sources and lineage rows (inode- prefixes dropped)", () => {
    const deps = docDeps({
      rows: {
        workbook_sources: [{ asset_id: "w", sources: [{ type: "data-model", dataModelId: "m1" }, { type: "table", inodeId: "t1" }, { type: "dataset", inodeId: "d1" }] }],
        lineage: [{ type: "dataset", inodeId: "inode-d2" }, { type: "data-model", dataModelId: "m9" }, { type: "element", elementId: "e" }],
        elements: [{ type: "data-model", dataModelId: "not-a-dependency" }],
      },
    });
    expect(deps).toEqual(["d1", "d2", "m1", "m9"]);
  });
});
