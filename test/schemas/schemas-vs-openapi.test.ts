/**
 * Our documented schemas (`XDocSchema`, used to detect drift) against Sigma's OpenAPI document:
 * for each object schema, the required fields, the optional fields and nullability must be what
 * the document says, except for the listed, deliberate tolerances. The reader schemas are
 * tolerant on purpose and are not compared.
 */
import { beforeAll, expect, it } from "vitest";
import type { z } from "zod";
import * as S from "../../src/schemas/index.js";
import { describeWithOpenApi, loadOpenApi, type SigmaOpenApi } from "../helpers/openapi.js";

type Obj = { type?: unknown; properties?: Record<string, unknown>; required?: string[]; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };

// [schema name, zod schema, method, concrete path, how to reach the item: "self" | "entries" | "array"]
const CASES: Array<[string, z.ZodObject, string, string, "self" | "entries" | "array"]> = [
  ["TokenResponse", S.TokenResponseDocSchema, "POST", "/v2/auth/token", "self"],
  ["WhoAmI", S.WhoAmIDocSchema, "GET", "/v2/whoami", "self"],
  ["Workbook (list)", S.WorkbookDocSchema, "GET", "/v2/workbooks", "entries"],
  ["Workbook (get)", S.WorkbookDocSchema, "GET", "/v2/workbooks/w", "self"],
  ["WorkbookPage", S.WorkbookPageDocSchema, "GET", "/v2/workbooks/w/pages", "entries"],
  ["Element (page)", S.ElementDocSchema, "GET", "/v2/workbooks/w/pages/p/elements", "entries"],
  ["Element (workbook)", S.ElementDocSchema, "GET", "/v2/workbooks/w/elements", "entries"],
  ["Element (data model)", S.ElementDocSchema, "GET", "/v2/dataModels/d/elements", "entries"],
  ["WorkbookColumn", S.WorkbookColumnDocSchema, "GET", "/v2/workbooks/w/columns", "entries"],
  ["ElementColumn", S.ElementColumnDocSchema, "GET", "/v2/workbooks/w/elements/e/columns", "entries"],
  ["ElementQuery", S.ElementQueryDocSchema, "GET", "/v2/workbooks/w/elements/e/query", "self"],
  ["ElementQuery (list)", S.ElementQueryDocSchema, "GET", "/v2/workbooks/w/queries", "entries"],
  ["ElementLineage", S.ElementLineageDocSchema, "GET", "/v2/workbooks/w/lineage/elements/e", "self"],
  ["MaterializationSchedule", S.MaterializationScheduleDocSchema, "GET", "/v2.1/workbooks/w/materialization-schedules", "entries"],
  ["MaterializationSchedule (dm)", S.MaterializationScheduleDocSchema, "GET", "/v2/dataModels/d/materializationSchedules", "entries"],
  ["MaterializationStarted", S.MaterializationStartedDocSchema, "POST", "/v2/workbooks/w/materializations", "self"],
  ["MaterializationStarted (dm)", S.MaterializationStartedDocSchema, "POST", "/v2/dataModels/d:materialize", "self"],
  ["MaterializationJob", S.MaterializationJobDocSchema, "GET", "/v2/workbooks/w/materializations/m", "self"],
  ["MaterializationJob (dm)", S.MaterializationJobDocSchema, "GET", "/v2/dataModels/d/materializations/m", "self"],
  ["DatasetMaterializationStarted", S.DatasetMaterializationStartedDocSchema, "POST", "/v2/datasets/d/materialization", "self"],
  ["DatasetMaterializationRun", S.DatasetMaterializationRunDocSchema, "GET", "/v2/datasets/d/materialization", "entries"],
  ["DataModel (list)", S.DataModelDocSchema, "GET", "/v2/dataModels", "entries"],
  ["DataModel (get)", S.DataModelDocSchema, "GET", "/v2/dataModels/d", "self"],
  ["DataModelColumn", S.DataModelColumnDocSchema, "GET", "/v2/dataModels/d/columns", "entries"],
  ["Dataset (list)", S.DatasetDocSchema, "GET", "/v2/datasets", "entries"],
  ["Dataset (get)", S.DatasetDocSchema, "GET", "/v2/datasets/d", "self"],
  ["DatasetSource", S.DatasetSourceDocSchema, "GET", "/v2/datasets/d/sources", "array"],
  ["Member (list)", S.MemberDocSchema, "GET", "/v2.1/members", "entries"],
  ["Member (get)", S.MemberDocSchema, "GET", "/v2/members/m", "self"],
  ["Team", S.TeamDocSchema, "GET", "/v2.1/teams", "entries"],
  ["TeamMember", S.TeamMemberDocSchema, "GET", "/v2/teams/t/members", "entries"],
  ["Workspace", S.WorkspaceDocSchema, "GET", "/v2.1/workspaces", "entries"],
  ["SigmaFile (list)", S.SigmaFileDocSchema, "GET", "/v2/files", "entries"],
  ["SigmaFile (get)", S.SigmaFileDocSchema, "GET", "/v2/files/f", "self"],
  ["Connection (list)", S.ConnectionDocSchema, "GET", "/v2/connections", "entries"],
  ["Connection (get)", S.ConnectionDocSchema, "GET", "/v2/connections/c", "self"],
  ["ConnectionPathEntry", S.ConnectionPathEntryDocSchema, "GET", "/v2/connections/paths", "entries"],
  ["ConnectionPath", S.ConnectionPathDocSchema, "GET", "/v2/connections/paths/i", "self"],
  ["ConnectionLookup", S.ConnectionLookupDocSchema, "POST", "/v2/connection/c/lookup", "self"],
  ["TableColumn", S.TableColumnDocSchema, "GET", "/v2/connections/tables/t/columns", "entries"],
];

// Deliberate differences from the document, each with its reason.
const TOLERATED: Record<string, string> = {
  "WhoAmI.accountType": "extra optional field sent by Sigma, reported by Sigma's agent skills",
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
      // Documented schemas are strict: a documented field missing here would be reported as undocumented drift.
      for (const key of Object.keys(docProps)) if (!(key in shape)) problems.push(`${key}: in the document, missing here`);
      expect(problems).toEqual([]);
    });
  }
});
