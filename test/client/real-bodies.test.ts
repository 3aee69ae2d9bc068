/**
 * Real Sigma bodies (issue #8): each published fact about how real answers differ from the
 * OpenAPI document is fed through the client as a hand-written body. The entry must be kept as
 * sent (undocumented fields included), the drift line recorded against the endpoint template,
 * and nothing skipped. Where the document itself allows what Sigma sends (any string), the
 * test asserts that no drift is reported for it.
 */
import { describe, expect, it } from "vitest";
import type { DriftLine } from "../../src/client/index.js";
import { routes, type RouteValue } from "../helpers/scripted-server.js";
import { makeClient, scriptedFetch, tokenReply } from "./support.js";

const T = "2026-03-02T10:15:00.000Z";
const WB = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";
const ORG = "a1c0e6d4-5b7f-4d5e-9d1a-2f8c3b6e7a90";

function clientFor(table: Record<string, RouteValue>) {
  const { fetch } = scriptedFetch(routes({ "POST /v2/auth/token": tokenReply(), ...table }));
  return makeClient(fetch).client;
}

const page = (entries: unknown[], extra: Record<string, unknown> = {}) => ({ json: { entries, nextPage: null, total: entries.length, ...extra } });

/** The drift lines of one endpoint, without counts (asserted separately). */
function linesOf(drift: DriftLine[], endpoint: string): Array<Pick<DriftLine, "field" | "expected" | "seen">> {
  return drift.filter((l) => l.endpoint === endpoint).map(({ field, expected, seen }) => ({ field, expected, seen }));
}

const noneSkipped = (drift: DriftLine[]) => expect(drift.filter((l) => l.skipped > 0)).toEqual([]);

describe("real Sigma bodies are read without loss, drift reported", () => {
  it("fact 1: dataset lists without owner, referenceCount, path, migrationToDataModel, migrationStatus", async () => {
    const ds = {
      datasetId: "9b2f7c1e-3d4a-4f6b-8e2d-1a5c7e9f0b3d",
      createdBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      updatedBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdAt: T,
      updatedAt: T,
      name: "Orders (legacy)",
      description: "",
      url: "https://app.sigmacomputing.com/acme/dataset/5nHq3Yc7fXvKp2LmWt9Rb",
      isArchived: false,
    };
    const client = clientFor({ "GET /v2/datasets": page([ds]) });
    const got = await client.datasets.list().toArray();
    expect(got).toEqual([ds]);
    const drift = client.drift();
    expect(linesOf(drift, "GET /v2/datasets")).toEqual([
      { field: "migrationStatus", expected: '"migrated" | "not-migrated" | "not-required"', seen: "missing" },
      { field: "migrationToDataModel", expected: "object", seen: "missing" },
      { field: "owner", expected: "string", seen: "missing" },
      { field: "path", expected: "string", seen: "missing" },
      { field: "referenceCount", expected: "number", seen: "missing" },
    ]);
    expect(drift.every((l) => l.count === 1)).toBe(true);
    noneSkipped(drift);
    expect(client.stats()).toMatchObject({ driftEntries: 1, skippedEntries: 0 });
  });

  it("fact 2: workspace lists without workspaceUrlId", async () => {
    const ws = [
      { workspaceId: "0c3a9f1e-6b2d-4e8a-9f7c-5d1b3a7e9c2f", name: "Finance", createdBy: "u1", updatedBy: "u1", createdAt: T, updatedAt: T },
      { workspaceId: "7e1d5b3c-9a2f-4c6e-8b1d-3f5a7c9e1b2d", name: "Sales", createdBy: "u2", updatedBy: "u2", createdAt: T, updatedAt: T },
    ];
    const client = clientFor({ "GET /v2.1/workspaces": page(ws, { hasMore: false }) });
    expect(await client.workspaces.list().toArray()).toEqual(ws);
    const drift = client.drift();
    expect(drift).toEqual([{ endpoint: "GET /v2.1/workspaces", field: "workspaceUrlId", expected: "string", seen: "missing", count: 2, skipped: 0 }]);
  });

  it("fact 3: element columns as {columnId, label} only", async () => {
    const cols = [
      { columnId: "inode-2Xb9KqLmN3pRt5VwYz7Ac8/ORDER_ID", label: "Order Id" },
      { columnId: "Hx3kP9sQ2w", label: "Revenue" },
    ];
    const client = clientFor({ [`GET /v2/workbooks/${WB}/elements/Ab12Cd34Ef/columns`]: page(cols) });
    expect(await client.workbooks.elementColumns(WB, "Ab12Cd34Ef").toArray()).toEqual(cols);
    const drift = client.drift();
    expect(linesOf(drift, "GET /v2/workbooks/{workbookId}/elements/{elementId}/columns")).toEqual([
      { field: "formula", expected: "string", seen: "missing" },
      { field: "type", expected: "object", seen: "missing" },
    ]);
    expect(drift.map((l) => l.count)).toEqual([2, 2]);
    noneSkipped(drift);
  });

  it("fact 4: data models with urlId instead of dataModelUrlId, without ownerId and updatedBy", async () => {
    const dm = {
      dataModelId: "3f6c2a9e-1b7d-4e5f-a8c3-9d2b6e1f4a7c",
      urlId: "6KpW2xRt9NbQ4sLm7VyHc3",
      name: "Revenue model",
      url: "https://app.sigmacomputing.com/acme/data-model/6KpW2xRt9NbQ4sLm7VyHc3",
      path: "Finance",
      latestVersion: 12,
      createdBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdAt: T,
      updatedAt: T,
      isArchived: false,
    };
    const client = clientFor({ "GET /v2/dataModels": page([dm], { hasMore: false }), [`GET /v2/dataModels/${dm.dataModelId}`]: { json: dm } });
    const [listed] = await client.dataModels.list().toArray();
    expect(listed).toEqual(dm);
    expect(listed?.urlId).toBe("6KpW2xRt9NbQ4sLm7VyHc3");
    expect(await client.dataModels.get(dm.dataModelId)).toEqual(dm);
    const drift = client.drift();
    const expected = [
      { field: "dataModelUrlId", expected: "string", seen: "missing" },
      { field: "ownerId", expected: "string", seen: "missing" },
      { field: "updatedBy", expected: "string", seen: "missing" },
      { field: "urlId", expected: "no such field", seen: "undocumented field" },
    ];
    expect(linesOf(drift, "GET /v2/dataModels")).toEqual(expected);
    expect(linesOf(drift, "GET /v2/dataModels/{dataModelId}")).toEqual(expected);
    noneSkipped(drift);
  });

  it("fact 5: vizualizationType null", async () => {
    const els = [
      { elementId: "Ab12Cd34Ef", name: "Orders", type: "table", columns: ["Order Id", "Revenue"], vizualizationType: null },
      { elementId: "Gh56Ij78Kl", name: "Revenue by month", type: "visualization", columns: ["Month", "Revenue"], vizualizationType: "bar" },
    ];
    const client = clientFor({ [`GET /v2/workbooks/${WB}/pages/p1/elements`]: page(els) });
    const got = await client.workbooks.pageElements(WB, "p1").toArray();
    expect(got).toEqual(els);
    expect(got[0]?.vizualizationType).toBeNull();
    expect(client.drift()).toEqual([
      { endpoint: "GET /v2/workbooks/{workbookId}/pages/{pageId}/elements", field: "vizualizationType", expected: "string", seen: "null", count: 1, skipped: 0 },
    ]);
  });

  it("fact 6: lineage entries without dataSourceIds or connectionId", async () => {
    const entries = [
      { type: "element", elementId: "Ab12Cd34Ef", sourceIds: ["inode-2Xb9KqLmN3pRt5VwYz7Ac8"] },
      { type: "table", inodeId: "inode-2Xb9KqLmN3pRt5VwYz7Ac8", name: "ORDERS" },
    ];
    const client = clientFor({ [`GET /v2/workbooks/${WB}/lineage`]: page(entries) });
    expect(await client.workbooks.lineage(WB).toArray()).toEqual(entries);
    const drift = client.drift();
    expect(linesOf(drift, "GET /v2/workbooks/{workbookId}/lineage")).toEqual([
      { field: "connectionId", expected: "string", seen: "missing" },
      { field: "dataSourceIds", expected: "array", seen: "missing" },
    ]);
    noneSkipped(drift);
  });

  it("fact 7: an undocumented workspaceId on workbooks and datasets", async () => {
    const wb = {
      workbookId: WB,
      workbookUrlId: "2opi6VLEne4BaPyj00US50",
      name: "Sales overview",
      url: "https://app.sigmacomputing.com/acme/workbook/2opi6VLEne4BaPyj00US50",
      path: "Sales",
      latestVersion: 7,
      ownerId: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      updatedBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdAt: T,
      updatedAt: T,
      isArchived: false,
      workspaceId: "7e1d5b3c-9a2f-4c6e-8b1d-3f5a7c9e1b2d",
    };
    const ds = {
      datasetId: "9b2f7c1e-3d4a-4f6b-8e2d-1a5c7e9f0b3d",
      createdBy: "u1",
      updatedBy: "u1",
      createdAt: T,
      updatedAt: T,
      name: "Orders",
      description: "",
      url: "https://app.sigmacomputing.com/acme/dataset/5nHq3Yc7fXvKp2LmWt9Rb",
      owner: "u1",
      referenceCount: 2,
      path: "Sales",
      migrationToDataModel: null,
      migrationStatus: "not-migrated",
      workspaceId: "7e1d5b3c-9a2f-4c6e-8b1d-3f5a7c9e1b2d",
    };
    const client = clientFor({ "GET /v2/workbooks": page([wb], { hasMore: false }), [`GET /v2/datasets/${ds.datasetId}`]: { json: ds } });
    const [got] = await client.workbooks.list().toArray();
    expect(got).toEqual(wb);
    expect(got?.workspaceId).toBe(wb.workspaceId);
    expect((await client.datasets.get(ds.datasetId)).workspaceId).toBe(ds.workspaceId);
    expect(client.drift()).toEqual([
      { endpoint: "GET /v2/datasets/{datasetId}", field: "workspaceId", expected: "no such field", seen: "undocumented field", count: 1, skipped: 0 },
      { endpoint: "GET /v2/workbooks", field: "workspaceId", expected: "no such field", seen: "undocumented field", count: 1, skipped: 0 },
    ]);
  });

  it("fact 8: a system member SigmaSchedulerRobot (another id format) that created itself", async () => {
    const person = {
      organizationId: ORG,
      memberId: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      memberType: "admin",
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@acme.example",
      profileImgUrl: null,
      createdBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      updatedBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdAt: T,
      updatedAt: T,
      homeFolderId: "1d7b3f9c-2e6a-4c8d-9b1f-5a3e7c9d1b2f",
      userKind: "internal",
      isArchived: false,
      isInactive: false,
    };
    const robot = {
      ...person,
      memberId: "SigmaSchedulerRobot",
      firstName: "Sigma",
      lastName: "Scheduler",
      email: "scheduler@sigmacomputing.com",
      createdBy: "SigmaSchedulerRobot",
      updatedBy: "SigmaSchedulerRobot",
      homeFolderId: "8c2e6a1d-4f9b-4d3e-a7c5-1b9d3f7e5a2c",
    };
    const client = clientFor({ "GET /v2.1/members": page([person, robot], { hasMore: false }) });
    const got = await client.members.list().toArray();
    expect(got).toEqual([person, robot]);
    expect(got[1]?.memberId).toBe(got[1]?.createdBy);
    // The document types memberId and createdBy as plain strings: nothing to report.
    expect(client.drift()).toEqual([]);
  });

  it('fact 9: file badges "Warning" and "Deprecated"', async () => {
    const file = (id: string, name: string, badge: string | null) => ({
      id,
      urlId: "4Tz8QmW2cXvB6nRk9Ly3Hd",
      name,
      type: "workbook",
      parentId: "1d7b3f9c-2e6a-4c8d-9b1f-5a3e7c9d1b2f",
      parentUrlId: "7FgH2jK4lM6nP8qR1sT3vW",
      permission: "edit",
      path: "Sales",
      badge,
      isArchived: false,
      ownerId: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      updatedBy: "kzzHeNzWvFNFbWxwhKShkkeF1lJA0",
      createdAt: T,
      updatedAt: T,
    });
    const files = [file("a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d", "Old KPIs", "Deprecated"), file("b4c6d8e0-2f3a-4b7c-9d1e-3f5a7b9c1d2e", "Draft", "Warning")];
    const client = clientFor({ "GET /v2/files": page(files, { hasMore: false }) });
    const got = await client.files.list().toArray();
    expect(got).toEqual(files);
    expect(got.map((f) => f.badge)).toEqual(["Deprecated", "Warning"]);
    // The document says `badge: string | null` (no enum): these words are not drift.
    expect(client.drift()).toEqual([]);
  });

  it("fact 10: urlIds of 21 as well as 22 characters", async () => {
    const wb = (id: string, urlId: string) => ({
      workbookId: id,
      workbookUrlId: urlId,
      name: `Workbook ${urlId.length}`,
      url: `https://app.sigmacomputing.com/acme/workbook/${urlId}`,
      path: "Sales",
      latestVersion: 1,
      ownerId: "u1",
      createdBy: "u1",
      updatedBy: "u1",
      createdAt: T,
      updatedAt: T,
    });
    const list = [wb(WB, "2opi6VLEne4BaPyj00US50"), wb("5d9e1f3a-7b2c-4d6e-8f0a-1b3c5d7e9f2a", "5nHq3Yc7fXvKp2LmWt9Rb")];
    expect(list.map((w) => w.workbookUrlId.length)).toEqual([22, 21]);
    const client = clientFor({ "GET /v2/workbooks": page(list, { hasMore: false }) });
    expect(await client.workbooks.list().toArray()).toEqual(list);
    expect(client.drift()).toEqual([]);
  });
});

describe("what sigmactl cannot use is skipped and counted, never silently", () => {
  it("skips a list entry without its id, keeps the page, counts it in drift, stats and warnings", async () => {
    const good = { workbookId: WB, workbookUrlId: "2opi6VLEne4BaPyj00US50", name: "Kept" };
    const noId = { workbookUrlId: "5nHq3Yc7fXvKp2LmWt9Rb", name: "No id" };
    const client = clientFor({ "GET /v2/workbooks": page([noId, good]) });
    const list = client.workbooks.list();
    expect(await list.toArray()).toEqual([good]);
    expect(list.summary).toMatchObject({ received: 2, skipped: 1, complete: true });
    expect(list.summary?.warnings).toEqual(["skipped 1 entry without what sigmactl needs (see the drift report)"]);
    const line = client.drift().find((l) => l.field === "workbookId");
    expect(line).toEqual({ endpoint: "GET /v2/workbooks", field: "workbookId", expected: "string", seen: "missing", count: 1, skipped: 1 });
    expect(client.stats()).toMatchObject({ skippedEntries: 1, driftEntries: 2 });
  });

  it("skips one odd entry of a bare-array answer (sources), keeping the others", async () => {
    const sources = [{ type: "table", inodeId: "inode-2Xb9KqLmN3pRt5VwYz7Ac8" }, { inodeId: "inode-9Yc8LpMn4QsRu6WxZa8Bd9" }, { type: "semantic-view", semanticViewId: "sv1" }];
    const client = clientFor({ [`GET /v2/workbooks/${WB}/sources`]: { json: sources } });
    expect(await client.workbooks.sources(WB)).toEqual([sources[0], sources[2]]);
    expect(client.drift().filter((l) => l.skipped > 0)).toEqual([
      { endpoint: "GET /v2/workbooks/{workbookId}/sources", field: "type", expected: "string", seen: "missing", count: 1, skipped: 1 },
    ]);
  });

  it("a single body without what is needed is still an error (only needed fields are checked)", async () => {
    const client = clientFor({ [`GET /v2/workbooks/${WB}/materializations/m1`]: { json: { materializationId: "m1" } } });
    await expect(client.workbooks.getMaterialization(WB, "m1")).rejects.toThrow(/status/);
  });
});

describe("null wherever a value may be absent", () => {
  it("reads a workbook whose every field but its id is null, and an unknown materialization status word", async () => {
    const wb = {
      workbookId: WB,
      workbookUrlId: null,
      name: null,
      url: null,
      path: null,
      latestVersion: null,
      ownerId: null,
      createdBy: null,
      updatedBy: null,
      createdAt: null,
      updatedAt: null,
      isArchived: null,
      tags: null,
    };
    const client = clientFor({
      [`GET /v2/workbooks/${WB}`]: { json: wb },
      [`GET /v2/workbooks/${WB}/materializations/m1`]: { json: { materializationId: "m1", status: "queued-for-warehouse", readyAt: null, error: null } },
    });
    expect(await client.workbooks.get(WB)).toEqual(wb);
    expect((await client.workbooks.getMaterialization(WB, "m1")).status).toBe("queued-for-warehouse");
    const drift = client.drift();
    expect(linesOf(drift, "GET /v2/workbooks/{workbookId}").map((l) => `${l.field}:${l.seen}`)).toEqual([
      "createdAt:null",
      "createdBy:null",
      "isArchived:null",
      "latestVersion:null",
      "name:null",
      "ownerId:null",
      "path:null",
      "tags:null",
      "updatedAt:null",
      "updatedBy:null",
      "url:null",
      "workbookUrlId:null",
    ]);
    expect(linesOf(drift, "GET /v2/workbooks/{workbookId}/materializations/{materializationId}")).toEqual([
      { field: "error", expected: "string", seen: "null" },
      { field: "readyAt", expected: "string", seen: "null" },
    ]);
    noneSkipped(drift);
  });

  it("a field sigmactl reads but of an odd type reads as undefined instead of rejecting the entry", async () => {
    const ds = { datasetId: "9b2f7c1e-3d4a-4f6b-8e2d-1a5c7e9f0b3d", name: 42, url: "https://app.sigmacomputing.com/acme/dataset/5nHq3Yc7fXvKp2LmWt9Rb" };
    const client = clientFor({ "GET /v2/datasets": page([ds]) });
    const [got] = await client.datasets.list().toArray();
    expect(got?.datasetId).toBe(ds.datasetId);
    expect(got?.name).toBeUndefined();
    expect(client.drift().find((l) => l.field === "name")).toMatchObject({ expected: "string", seen: "number", skipped: 0 });
  });
});
