/**
 * Our zod schemas against Sigma's OpenAPI document: for each object schema, the required fields,
 * the optional fields and nullability must be what the document says, except for the listed,
 * deliberate tolerances (real Sigma is known to differ from the document there).
 */
import { beforeAll, expect, it } from "vitest";
import type { z } from "zod";
import * as S from "../../src/schemas/index.js";
import { describeWithOpenApi, loadOpenApi, type SigmaOpenApi } from "../helpers/openapi.js";

type Obj = { type?: unknown; properties?: Record<string, unknown>; required?: string[]; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };

// [schema name, zod schema, method, concrete path, how to reach the item: "self" | "entries" | "array"]
const CASES: Array<[string, z.ZodObject, string, string, "self" | "entries" | "array"]> = [
  ["TokenResponse", S.TokenResponseSchema, "POST", "/v2/auth/token", "self"],
  ["WhoAmI", S.WhoAmISchema, "GET", "/v2/whoami", "self"],
  ["Workbook (list)", S.WorkbookSchema, "GET", "/v2/workbooks", "entries"],
  ["Workbook (get)", S.WorkbookSchema, "GET", "/v2/workbooks/w", "self"],
  ["WorkbookPage", S.WorkbookPageSchema, "GET", "/v2/workbooks/w/pages", "entries"],
  ["Element (page)", S.ElementSchema, "GET", "/v2/workbooks/w/pages/p/elements", "entries"],
  ["Element (workbook)", S.ElementSchema, "GET", "/v2/workbooks/w/elements", "entries"],
  ["Element (data model)", S.ElementSchema, "GET", "/v2/dataModels/d/elements", "entries"],
  ["WorkbookColumn", S.WorkbookColumnSchema, "GET", "/v2/workbooks/w/columns", "entries"],
  ["ElementColumn", S.ElementColumnSchema, "GET", "/v2/workbooks/w/elements/e/columns", "entries"],
  ["ElementQuery", S.ElementQuerySchema, "GET", "/v2/workbooks/w/elements/e/query", "self"],
  ["ElementQuery (list)", S.ElementQuerySchema, "GET", "/v2/workbooks/w/queries", "entries"],
  ["ElementLineage", S.ElementLineageSchema, "GET", "/v2/workbooks/w/lineage/elements/e", "self"],
  ["MaterializationSchedule", S.MaterializationScheduleSchema, "GET", "/v2.1/workbooks/w/materialization-schedules", "entries"],
  ["MaterializationSchedule (dm)", S.MaterializationScheduleSchema, "GET", "/v2/dataModels/d/materializationSchedules", "entries"],
  ["MaterializationStarted", S.MaterializationStartedSchema, "POST", "/v2/workbooks/w/materializations", "self"],
  ["MaterializationStarted (dm)", S.MaterializationStartedSchema, "POST", "/v2/dataModels/d:materialize", "self"],
  ["MaterializationJob", S.MaterializationJobSchema, "GET", "/v2/workbooks/w/materializations/m", "self"],
  ["MaterializationJob (dm)", S.MaterializationJobSchema, "GET", "/v2/dataModels/d/materializations/m", "self"],
  ["DatasetMaterializationStarted", S.DatasetMaterializationStartedSchema, "POST", "/v2/datasets/d/materialization", "self"],
  ["DatasetMaterializationRun", S.DatasetMaterializationRunSchema, "GET", "/v2/datasets/d/materialization", "entries"],
  ["DataModel (list)", S.DataModelSchema, "GET", "/v2/dataModels", "entries"],
  ["DataModel (get)", S.DataModelSchema, "GET", "/v2/dataModels/d", "self"],
  ["DataModelColumn", S.DataModelColumnSchema, "GET", "/v2/dataModels/d/columns", "entries"],
  ["Dataset (list)", S.DatasetSchema, "GET", "/v2/datasets", "entries"],
  ["Dataset (get)", S.DatasetSchema, "GET", "/v2/datasets/d", "self"],
  ["DatasetSource", S.DatasetSourceSchema, "GET", "/v2/datasets/d/sources", "array"],
  ["Member (list)", S.MemberSchema, "GET", "/v2.1/members", "entries"],
  ["Member (get)", S.MemberSchema, "GET", "/v2/members/m", "self"],
  ["Team", S.TeamSchema, "GET", "/v2.1/teams", "entries"],
  ["TeamMember", S.TeamMemberSchema, "GET", "/v2/teams/t/members", "entries"],
  ["Workspace", S.WorkspaceSchema, "GET", "/v2.1/workspaces", "entries"],
  ["SigmaFile (list)", S.SigmaFileSchema, "GET", "/v2/files", "entries"],
  ["SigmaFile (get)", S.SigmaFileSchema, "GET", "/v2/files/f", "self"],
  ["Connection (list)", S.ConnectionSchema, "GET", "/v2/connections", "entries"],
  ["Connection (get)", S.ConnectionSchema, "GET", "/v2/connections/c", "self"],
  ["ConnectionPathEntry", S.ConnectionPathEntrySchema, "GET", "/v2/connections/paths", "entries"],
  ["ConnectionPath", S.ConnectionPathSchema, "GET", "/v2/connections/paths/i", "self"],
  ["ConnectionLookup", S.ConnectionLookupSchema, "POST", "/v2/connection/c/lookup", "self"],
  ["TableColumn", S.TableColumnSchema, "GET", "/v2/connections/tables/t/columns", "entries"],
];

// Deliberate differences from the document, each with its reason.
const TOLERATED: Record<string, string> = {
  "WhoAmI.accountType": "extra optional field reported by Sigma's agent skills",
  "Workbook (list).description": "extra optional field set at creation",
  "Workbook (get).description": "extra optional field set at creation",
  "DatasetMaterializationRun.error": "null for successful runs per the dataset materialization docs",
};

function nullableInDoc(node: unknown, api: ReturnType<typeof loadOpenApi>): boolean {
  const n = api.deref(node) as Obj | undefined;
  if (!n) return false;
  if (Array.isArray(n.type)) return n.type.includes("null");
  if (n.type === "null") return true;
  return [...(n.oneOf ?? []), ...(n.anyOf ?? [])].some((v) => nullableInDoc(v, api));
}

describeWithOpenApi("zod schemas follow Sigma's OpenAPI document", () => {
  let api: SigmaOpenApi;
  beforeAll(() => {
    api = loadOpenApi();
  });
  for (const [name, schema, method, path, reach] of CASES) {
    it(name, () => {
      const raw = api.deref(api.rawResponseSchema(method, path, 200)) as Obj;
      expect(raw, `no 200 schema for ${method} ${path}`).toBeTruthy();
      const item = api.deref(
        reach === "self" ? raw : reach === "array" ? raw.items : (api.deref(raw.properties?.entries) as Obj).items,
      ) as Obj;
      const docProps = item.properties ?? {};
      const docRequired = new Set(item.required ?? []);
      const problems: string[] = [];
      const shape = schema.shape as Record<string, z.ZodType>;
      for (const [key, field] of Object.entries(shape)) {
        const tag = `${name}.${key}`;
        if (TOLERATED[tag]) continue;
        if (!(key in docProps)) {
          problems.push(`${key}: not in the document`);
          continue;
        }
        const optional = field.safeParse(undefined).success;
        if (optional === docRequired.has(key)) problems.push(`${key}: ${optional ? "optional" : "required"} here, not in the document`);
        const nullable = field.safeParse(null).success;
        if (nullable !== nullableInDoc(docProps[key], api)) problems.push(`${key}: nullable=${nullable} here, not in the document`);
      }
      // Every field the document requires must be declared (loose objects would silently keep it untyped).
      for (const key of docRequired) if (!(key in shape)) problems.push(`${key}: required by the document, missing here`);
      expect(problems).toEqual([]);
    });
  }
});
