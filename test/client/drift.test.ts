/** The drift recorder: findings from documented schemas, path normalisation, aggregation, a job's share. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DriftRecorder, documentDrift, driftSince, fieldPath, formatDriftLine } from "../../src/client/drift.js";
import { DatasetSourceDocSchema, LineageEntryDocSchema, WorkbookDocSchema } from "../../src/schemas/index.js";

describe("drift findings", () => {
  it("normalises array indices and nests field names", () => {
    expect(fieldPath(["columns", 3, "label"])).toBe("columns[].label");
    expect(fieldPath(["tags", 0, "versions", 2])).toBe("tags[].versions[]");
    expect(fieldPath([])).toBe("(entry)");
  });

  it("reports missing, null, wrong type, enum words and undocumented fields, nested ones included", () => {
    const wb = {
      workbookId: "w",
      workbookUrlId: "u",
      name: null,
      url: "x",
      path: 7,
      latestVersion: 1,
      createdBy: "a",
      updatedBy: "a",
      createdAt: "t",
      updatedAt: "t",
      tags: [{ versionTagId: "v", name: "prod", sourceWorkbookVersion: 1, taggedWorkbookId: "t", workbookTaggedAt: "t", color: "red" }],
      workspaceId: "ws",
    };
    expect(documentDrift(WorkbookDocSchema, wb)).toEqual([
      { field: "name", expected: "string", seen: "null" },
      { field: "path", expected: "string", seen: "number" },
      { field: "ownerId", expected: "string", seen: "missing" },
      { field: "tags[].color", expected: "no such field", seen: "undocumented field" },
      { field: "workspaceId", expected: "no such field", seen: "undocumented field" },
    ]);
    expect(documentDrift(DatasetSourceDocSchema, { type: "semantic-view", inodeId: "i" })).toEqual([
      { field: "type", expected: '"dataset" | "table"', seen: '"semantic-view"' },
    ]);
  });

  it("explains a union entry by its closest documented variant", () => {
    expect(documentDrift(LineageEntryDocSchema, { type: "data-model", dataModelId: "d", name: "M" })).toEqual([
      { field: "connectionId", expected: "string", seen: "missing" },
    ]);
    expect(documentDrift(LineageEntryDocSchema, { type: "warehouse-view", inodeId: "i", connectionId: null, name: null })).toEqual([
      { field: "type", expected: expect.stringContaining('"table"') as unknown as string, seen: '"warehouse-view"' },
    ]);
  });
});

describe("DriftRecorder", () => {
  const Doc = z.strictObject({ id: z.string(), owner: z.string() });
  const Reader = z.looseObject({ id: z.string() });

  it("aggregates per endpoint, field, expected and seen, and counts a skip on the line that caused it", () => {
    const r = new DriftRecorder();
    r.record("GET /v2/things", Doc, { id: "a" });
    r.record("GET /v2/things", Doc, { id: "b" });
    const bad = { owner: "o" };
    r.record("GET /v2/things", Doc, bad, Reader.safeParse(bad).error?.issues);
    expect(r.list()).toEqual([
      { endpoint: "GET /v2/things", field: "id", expected: "string", seen: "missing", count: 1, skipped: 1 },
      { endpoint: "GET /v2/things", field: "owner", expected: "string", seen: "missing", count: 2, skipped: 0 },
    ]);
    expect(r.counts()).toEqual({ driftEntries: 3, skippedEntries: 1 });
    expect(formatDriftLine(r.list()[0]!)).toBe("GET /v2/things id: expected string, seen missing (×1, 1 entry skipped)");
  });

  it("gives a job its own share of a shared client's report", () => {
    const r = new DriftRecorder();
    r.record("GET /v2/things", Doc, { id: "a" });
    const before = r.list();
    r.record("GET /v2/things", Doc, { id: "b" });
    r.record("GET /v2/other", Doc, { id: "c", owner: 1 });
    expect(driftSince(before, r.list())).toEqual([
      { endpoint: "GET /v2/other", field: "owner", expected: "string", seen: "number", count: 1, skipped: 0 },
      { endpoint: "GET /v2/things", field: "owner", expected: "string", seen: "missing", count: 1, skipped: 0 },
    ]);
    expect(driftSince(r.list(), r.list())).toEqual([]);
  });
});
