import { describe, expect, it } from "vitest";
import { itWithOpenApi, loadOpenApi, openApiLocation, openApiPresent, openApiSkipReason } from "../helpers/openapi.js";

const T = "2024-09-12T21:22:49.072Z";

describe("OpenAPI test helper", () => {
  itWithOpenApi("loads the document (set SIGMA_OPENAPI if this fails)", () => {
    expect(() => loadOpenApi()).not.toThrow();
    expect(openApiLocation()).toMatch(/openapi\.json$/);
  });

  it("explains where it looked when the document is absent", async () => {
    const saved = process.env.SIGMA_OPENAPI;
    process.env.SIGMA_OPENAPI = "/nonexistent/openapi.json";
    try {
      expect(() => loadOpenApi()).toThrow(/not found at \/nonexistent\/openapi\.json.*SIGMA_OPENAPI/);
    } finally {
      if (saved === undefined) delete process.env.SIGMA_OPENAPI;
      else process.env.SIGMA_OPENAPI = saved;
    }
  });

  it("skips only when the document is absent and SIGMA_OPENAPI is unset (a wrong SIGMA_OPENAPI fails loudly)", () => {
    const saved = process.env.SIGMA_OPENAPI;
    try {
      process.env.SIGMA_OPENAPI = "/nonexistent/openapi.json";
      // Set but wrong: the tests run, and loadOpenApi's clear error fails them.
      expect(openApiPresent()).toBe(true);
      delete process.env.SIGMA_OPENAPI;
      expect(openApiSkipReason()).toMatch(/^skipped: Sigma's OpenAPI document not found at .*openapi\.json; .*SIGMA_OPENAPI=<file>.*\.\.\/shared\/sigma-api\/openapi\.json/);
      expect(openApiSkipReason()).not.toContain("\n");
    } finally {
      if (saved === undefined) delete process.env.SIGMA_OPENAPI;
      else process.env.SIGMA_OPENAPI = saved;
    }
  });

  itWithOpenApi("matches concrete paths to templates, most specific first", () => {
    const api = loadOpenApi();
    expect(api.findOperation("GET", "/v2/workbooks/abc?limit=5")?.operationId).toBe("getWorkbook");
    expect(api.findOperation("GET", "/v2/connections/paths")?.operationId).toBe("listConnectionPaths");
    expect(api.findOperation("GET", "/v2/connections/paths/ino1")?.operationId).toBe("getInodeConnectionPath");
    expect(api.findOperation("GET", "/v2/connections/c1")?.operationId).toBe("getConnection");
    expect(api.findOperation("POST", "/v2/dataModels/dm-1:materialize")?.operationId).toBe("materializeDataModelElement");
    expect(api.findOperation("GET", "/v2/dataModels/dm-1")?.operationId).toBe("getDataModel");
    expect(api.findOperation("POST", "/v2/connection/c1/lookup")?.operationId).toBe("lookupConnection");
    expect(api.findOperation("GET", "/v2/no/such/route")).toBeUndefined();
  });

  itWithOpenApi("tells a valid whoami body from an invalid one", () => {
    const api = loadOpenApi();
    expect(api.validateResponse("GET", "/v2/whoami", 200, { userId: "u", organizationId: "o", extra: 1 }).ok).toBe(true);
    const bad = api.validateResponse("GET", "/v2/whoami", 200, { userId: "u" });
    expect(bad.ok).toBe(false);
    expect(bad.errors.join("\n")).toMatch(/organizationId/);
  });

  itWithOpenApi("tells a valid workbook list page from an invalid one", () => {
    const api = loadOpenApi();
    const wb = {
      workbookId: "w", workbookUrlId: "u", name: "n", url: "https://x", path: "My Documents", latestVersion: 1,
      ownerId: "o", createdBy: "o", updatedBy: "o", createdAt: T, updatedAt: T,
    };
    expect(api.validateResponse("GET", "/v2/workbooks?limit=2", 200, { entries: [wb], nextPage: null }).ok).toBe(true);
    expect(api.validateResponse("GET", "/v2/workbooks", 200, { entries: [wb], nextPage: 50 }).ok).toBe(false);
    expect(api.validateResponse("GET", "/v2/workbooks", 200, { entries: [{ ...wb, createdAt: "yesterday" }], nextPage: null }).ok).toBe(false);
    expect(api.validateResponse("GET", "/v2/workbooks", 200, { entries: [wb] }).ok).toBe(false);
  });

  itWithOpenApi("validates discriminated unions and the colon route", () => {
    const api = loadOpenApi();
    const ok = [{ type: "table", inodeId: "i" }, { type: "data-model", dataModelId: "d", elementIds: ["e"] }];
    expect(api.validateResponse("GET", "/v2/workbooks/w/sources", 200, ok).ok).toBe(true);
    expect(api.validateResponse("GET", "/v2/workbooks/w/sources", 200, [{ type: "data-model", dataModelId: "d" }]).ok).toBe(false);
    expect(api.validateResponse("POST", "/v2/dataModels/d:materialize", 200, { materializationId: "m" }).ok).toBe(true);
    expect(api.validateResponse("POST", "/v2/dataModels/d:materialize", 200, { taskId: "m" }).ok).toBe(false);
  });

  itWithOpenApi("accepts payloads that only fail because the document's oneOf variants overlap", () => {
    const api = loadOpenApi();
    // Three identical `string[]` variants: strict oneOf would reject every real path.
    expect(api.validateResponse("GET", "/v2/connections/paths/i", 200, { connectionId: "c", path: ["DB", "S", "T"] }).ok).toBe(true);
    const node = { nodeId: "n", type: "sheet", name: "Sheet", elementId: "e" };
    expect(api.validateResponse("GET", "/v2/workbooks/w/lineage/elements/e", 200, { dependencies: { n: node }, edges: [] }).ok).toBe(true);
  });

  itWithOpenApi("refuses statuses the document does not declare instead of passing them", () => {
    const api = loadOpenApi();
    expect(() => api.validateResponse("GET", "/v2/whoami", 401, {})).toThrow(/declares no JSON response for status 401/);
    expect(() => api.validateResponse("GET", "/v2/nope", 200, {})).toThrow(/No operation/);
  });

  itWithOpenApi("excuses only the errors a tolerance names", () => {
    const api = loadOpenApi();
    const run = { status: "success", finishedAt: T, error: null, runtimeSecs: 1, numRows: 2, numBytes: 3 };
    const tol = [{ operationId: "listDatasetMaterializations", instancePath: /^\/entries\/\d+\/error$/, keyword: "type", when: (v: unknown) => v === null, reason: "test" }];
    const page = { entries: [run], nextPage: null };
    expect(api.validateResponse("GET", "/v2/datasets/d/materialization", 200, page).ok).toBe(false);
    const excused = api.validateResponse("GET", "/v2/datasets/d/materialization", 200, page, tol);
    expect(excused.ok).toBe(true);
    expect(excused.tolerated).toHaveLength(1);
    // A non-null wrong value, or another error next to the excused one, still fails.
    expect(api.validateResponse("GET", "/v2/datasets/d/materialization", 200, { entries: [{ ...run, error: "x" }], nextPage: null }, tol).ok).toBe(false);
    expect(api.validateResponse("GET", "/v2/datasets/d/materialization", 200, { entries: [{ ...run, numRows: "2" }], nextPage: null }, tol).ok).toBe(false);
  });
});
