/**
 * Envelope fields per operation, against Sigma's OpenAPI document (read at test time, never
 * copied): the document marks `total` and `hasMore` optional, so schema validation alone cannot
 * see an emulator that drops or adds one. Here each list route must answer exactly the paging
 * fields the document declares for it (`entries`, `nextPage`, `total`?, `hasMore`?), or, for
 * token-paged operations, `entries` + `nextPageToken` (absent on the last page).
 */
import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { apiRoutes } from "../../src/emulator/routes/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { SKIP_WITHOUT_OPENAPI, describeWithOpenApi, loadOpenApi, openApiLocation } from "../helpers/openapi.js";
import type { Json } from "./fixture.js";

const PAGING = ["entries", "nextPage", "total", "hasMore", "nextPageToken"];

type Schema = Record<string, Json>;
let doc: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Schema> } };
let emu: Emulator;
let auth: Record<string, string>;
let ids: Record<string, string>;

function deref(s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; i < 10 && typeof cur.$ref === "string"; i++) cur = doc.components.schemas[cur.$ref.split("/").pop() as string] ?? {};
  return cur;
}

/** The paging-field sets the document allows for an operation's 200 (one per object variant). */
function declaredVariants(template: string): string[][] {
  const op = doc.paths[template]?.get;
  const schema = deref(op?.responses?.["200"]?.content?.["application/json"]?.schema);
  const variants = (schema.oneOf ?? schema.anyOf ?? [schema]).map((v: Schema) => deref(v));
  return variants.filter((v: Schema) => v.type !== "array" && v.properties?.entries).map((v: Schema) => PAGING.filter((k) => k in v.properties));
}

beforeAll(async () => {
  if (SKIP_WITHOUT_OPENAPI) return;
  doc = JSON.parse(readFileSync(openApiLocation(), "utf8"));
  emu = await createEmulator({ seed: 7, size: "small", shape: "strict", log: () => {} });
  const tok = await emu.fetch("/v2/auth/token", { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: emu.clientId, client_secret: emu.clientSecret }) });
  auth = { authorization: `Bearer ${((await tok.json()) as { access_token: string }).access_token}` };
  const truth = emu.truth() as Truth;
  const wb = truth.workbooks.filter((w) => !w.hiddenFromCaller && !w.isArchived).sort((a, b) => b.elements.length - a.elements.length)[0];
  const dm = truth.dataModels.find((d) => d.materializationSchedules.length > 0) ?? truth.dataModels[0];
  const dataset = truth.datasets[0];
  const team = truth.teams[0];
  const table = truth.tables[0];
  if (!wb || !dm || !dataset || !team || !table) throw new Error("small org lacks an id the test needs");
  // A tag some listed workbook carries.
  let tagId = "";
  for (const t of ((await (await emu.fetch("/v2/tags", { headers: auth })).json()) as Json).entries) {
    const tagged = (await (await emu.fetch(`/v2/tags/${t.versionTagId}/workbooks`, { headers: auth })).json()) as Json;
    if (tagged.entries.length > 0) {
      tagId = t.versionTagId;
      break;
    }
  }
  ids = {
    tagId,
    workbookId: wb.workbookId,
    pageId: wb.pages[0]?.pageId ?? "",
    elementId: wb.elements[0]?.elementId ?? "",
    dataModelId: dm.dataModelId,
    datasetId: dataset.datasetId,
    teamId: team.teamId,
    tableId: table.inodeId,
    memberId: truth.members[0]?.memberId ?? "",
  };
});

describeWithOpenApi("paging fields per operation", () => {
  it("match the document's declared fields on every list route", async () => {
    let checked = 0;
    for (const r of apiRoutes.filter((x) => x.method === "GET")) {
      const variants = declaredVariants(r.template);
      if (variants.length === 0) continue;
      const path = r.template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => ids[name] ?? `missing-${name}`);
      const tokenPaged = variants.some((v) => v.includes("nextPageToken"));
      // Small pages, so there is a next page whenever the list has two entries.
      const res = await emu.fetch(`${path}?${tokenPaged ? "pageSize=1" : "limit=1"}`, { headers: auth });
      expect(res.status, path).toBe(200);
      const body = (await res.json()) as Json;
      const got = PAGING.filter((k) => k in body);
      const more = tokenPaged ? "nextPageToken" in body : body.nextPage !== null;
      // nextPageToken is only sent when there is a next page.
      const allowed = variants.map((v) => (tokenPaged && !more ? v.filter((k) => k !== "nextPageToken") : v));
      expect(allowed.map((v) => v.join(",")), `${r.template}: answered ${got.join(",")}`).toContain(got.join(","));
      if (tokenPaged) expect(body, r.template).not.toHaveProperty("nextPage");
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it("token-paged operations are exactly the document's", () => {
    const ours = apiRoutes.filter((r) => r.method === "GET" && declaredVariants(r.template).some((v) => v.includes("nextPageToken"))).map((r) => r.template);
    expect(ours.sort()).toEqual(["/v2/accountTypes", "/v2/connections/tables/{tableId}/columns", "/v2/dataModels/{dataModelId}/materializationSchedules", "/v2/dataModels/{dataModelId}/sources"]);
  });

  it("account types, version tags and a tag's workbooks validate against the document", async () => {
    const api = loadOpenApi();
    for (const path of ["/v2/accountTypes?pageSize=1000", "/v2/tags?limit=1000", `/v2/tags/${ids.tagId}/workbooks?limit=1000`]) {
      const res = await emu.fetch(path, { headers: auth });
      const body = (await res.json()) as Json;
      expect(body.entries.length, path).toBeGreaterThan(0);
      const v = api.validateResponse("get", path.split("?")[0] as string, res.status, body);
      expect(v.errors, path).toEqual([]);
    }
  });
});
