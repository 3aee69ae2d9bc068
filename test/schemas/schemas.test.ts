import { describe, expect, it } from "vitest";
import {
  ApiErrorBodySchema,
  DataModelSourceDocSchema,
  DataModelSourceSchema,
  LineageEntryDocSchema,
  LineageEntrySchema,
  MaterializationJobSchema,
  MaterializationScheduleDocSchema,
  MaterializationScheduleSchema,
  WhoAmISchema,
  WorkbookSourceDocSchema,
  WorkbookSourceSchema,
  pageEnvelope,
  tokenEnvelope,
  WorkbookPageSchema,
} from "../../src/schemas/index.js";

describe("schemas tolerate what real Sigma sends", () => {
  it("keeps unknown fields", () => {
    const parsed = WhoAmISchema.parse({ userId: "u", organizationId: "o", accountType: "admin", newField: [1] });
    expect(parsed).toEqual({ userId: "u", organizationId: "o", accountType: "admin", newField: [1] });
  });

  it("keeps materialization status open so unknown words can be reported", () => {
    expect(MaterializationJobSchema.parse({ materializationId: "m", status: "expired" }).status).toBe("expired");
    expect(MaterializationJobSchema.safeParse({ materializationId: "m" }).success).toBe(false);
  });

  it("reads a schedule with or without cron; the document requires the field (null when no cron)", () => {
    const s = { sheetId: "s", elementId: "e", elementName: "n", configuredAt: "2024-01-01T00:00:00.000Z", paused: false };
    expect(MaterializationScheduleSchema.safeParse({ ...s, schedule: null }).success).toBe(true);
    expect(MaterializationScheduleSchema.safeParse(s).success).toBe(true);
    expect(MaterializationScheduleSchema.safeParse({ ...s, sheetId: undefined }).success).toBe(false);
    expect(MaterializationScheduleDocSchema.safeParse({ ...s, schedule: null }).success).toBe(true);
    expect(MaterializationScheduleDocSchema.safeParse(s).success).toBe(false);
  });

  it("parses an error body with any subset of code/message/requestId", () => {
    expect(ApiErrorBodySchema.parse({ message: "Not found" })).toEqual({ message: "Not found" });
    expect(ApiErrorBodySchema.safeParse({ code: 401 }).success).toBe(false);
  });
});

describe("envelopes", () => {
  const Page = pageEnvelope(WorkbookPageSchema);
  it("page envelope: nextPage string, null or absent (legacy), total/hasMore optional", () => {
    expect(Page.parse({ entries: [{ pageId: "p" }], nextPage: "50", total: 51, hasMore: true }).nextPage).toBe("50");
    expect(Page.safeParse({ entries: [], nextPage: null }).success).toBe(true);
    expect(Page.safeParse({ entries: [] }).success).toBe(true);
    expect(Page.safeParse({ entries: [{}], nextPage: null }).success).toBe(false);
    expect(Page.safeParse({ nextPage: null }).success).toBe(false);
  });
  it("token envelope: nextPageToken absent on the last page", () => {
    const Tok = tokenEnvelope(WorkbookPageSchema);
    expect(Tok.safeParse({ entries: [], nextPageToken: "abc" }).success).toBe(true);
    expect(Tok.safeParse({ entries: [] }).success).toBe(true);
    expect(Tok.safeParse({ entries: [], nextPageToken: null }).success).toBe(false);
  });
});

describe("unions", () => {
  it("workbook sources: the reader needs only a type; the document needs each variant's fields", () => {
    expect(WorkbookSourceSchema.safeParse({ type: "table" }).success).toBe(true);
    expect(WorkbookSourceSchema.safeParse({ type: "semantic-view", semanticViewId: "s" }).success).toBe(true);
    expect(WorkbookSourceSchema.safeParse({ inodeId: "i" }).success).toBe(false);
    expect(WorkbookSourceDocSchema.safeParse({ type: "table", inodeId: "i" }).success).toBe(true);
    expect(WorkbookSourceDocSchema.safeParse({ type: "custom-sql", connectionId: "c", definition: "select 1", customSqlId: "q" }).success).toBe(true);
    expect(WorkbookSourceDocSchema.safeParse({ type: "table" }).success).toBe(false);
    expect(WorkbookSourceDocSchema.safeParse({ type: "data-model", dataModelId: "d" }).success).toBe(false);
    expect(WorkbookSourceDocSchema.safeParse({ type: "semantic-view", semanticViewId: "s" }).success).toBe(false);
  });
  it("data-model sources use datasetId/tableId, not inodeId (document)", () => {
    expect(DataModelSourceDocSchema.safeParse({ type: "table", tableId: "t" }).success).toBe(true);
    expect(DataModelSourceDocSchema.safeParse({ type: "table", inodeId: "t" }).success).toBe(false);
    expect(DataModelSourceDocSchema.safeParse({ type: "dataset", datasetId: "d" }).success).toBe(true);
    expect(DataModelSourceSchema.parse({ type: "table", tableId: "t" }).tableId).toBe("t");
  });
  it("lineage entries: the reader needs one id field; the document tells variants apart by theirs", () => {
    const el = { type: "element", elementId: "e", sourceIds: ["x"], dataSourceIds: null };
    expect(LineageEntrySchema.parse(el)).toMatchObject({ type: "element", elementId: "e", sourceIds: ["x"] });
    expect(LineageEntrySchema.safeParse({ type: "element", elementId: "e" }).success).toBe(true);
    expect(LineageEntrySchema.safeParse({ type: "table", connectionId: "c", name: "T" }).success).toBe(false);
    expect(LineageEntryDocSchema.safeParse(el).success).toBe(true);
    expect(LineageEntryDocSchema.safeParse({ type: "table", connectionId: null, name: null, inodeId: "i" }).success).toBe(true);
    expect(LineageEntryDocSchema.safeParse({ type: "table", connectionId: "c", name: "T" }).success).toBe(false);
    expect(LineageEntryDocSchema.safeParse({ type: "element", elementId: "e" }).success).toBe(false);
  });
});
