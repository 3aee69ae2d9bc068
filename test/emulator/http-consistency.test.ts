/**
 * Consistency over the API (not only inside the generated org): for a `small` org, what the
 * routes answer agrees with itself and with /__emulator/truth: the /v2/files tree (parent chains,
 * `path` strings, parentUrlId), workbook sources, whole-workbook lineage, element lineage
 * graphs, element SQL, /v2/connections/paths(/{inodeId}) and lookups.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { Json } from "./fixture.js";

let emu: Emulator;
let truth: Truth;
let auth: Record<string, string>;
const problems: string[] = [];
const fail = (msg: string) => {
  if (problems.length < 40) problems.push(msg);
};

async function get(path: string): Promise<{ status: number; body: Json }> {
  const res = await emu.fetch(path, { headers: auth });
  return { status: res.status, body: await res.json() };
}

/** Every entry of an offset-paged list (bounded walk). */
async function all(path: string): Promise<Json[]> {
  const out: Json[] = [];
  let page: string | null = null;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const res = await get(`${path}${sep}limit=1000${page ? `&page=${page}` : ""}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.entries);
    page = res.body.nextPage;
    if (page === null) return out;
  }
  throw new Error(`${path}: more than 100 pages`);
}

/** Every entry of a token-paged list (bounded walk). */
async function allTokens(path: string): Promise<Json[]> {
  const out: Json[] = [];
  let token: string | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await get(`${path}?pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ""}`);
    out.push(...res.body.entries);
    token = res.body.nextPageToken;
    if (token === undefined) return out;
  }
  throw new Error(`${path}: more than 100 pages`);
}

const OTHER_TYPES = ["folder", "workbook", "dataset", "data-model", "sql", "worksheet", "dashboard", "template", "table", "symlink", "report"];

let files: Map<string, Json>;
let pathEntries: Json[];
let connections: Map<string, Json>;

beforeAll(async () => {
  // Strict bodies: this suite compares served bodies with the org records field by field.
  emu = await createEmulator({ seed: 5, size: "small", shape: "strict", log: () => {} });
  truth = emu.truth() as Truth;
  const tok = await emu.fetch("/v2/auth/token", { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: emu.clientId, client_secret: emu.clientSecret }) });
  auth = { authorization: `Bearer ${((await tok.json()) as { access_token: string }).access_token}` };
  const listed = [...(await all(`/v2/files?typeFilters=${OTHER_TYPES.join(",")}`)), ...(await all("/v2/files?typeFilters=workspace"))];
  files = new Map(listed.map((f) => [f.id, f]));
  pathEntries = await all("/v2/connections/paths");
  connections = new Map((await all("/v2/connections?includeArchived=true")).map((c) => [c.connectionId, c]));
});

describe("the /v2/files tree", () => {
  it("lists exactly the truth's files the caller may see, with the truth's paths", () => {
    const hiddenOrArchived = new Set([
      ...truth.workbooks.filter((w) => w.hiddenFromCaller || w.isArchived).map((w) => w.workbookId),
      ...truth.dataModels.filter((d) => d.isArchived).map((d) => d.dataModelId),
      ...truth.datasets.filter((d) => d.isArchived).map((d) => d.datasetId),
    ]);
    const expected = truth.files.filter((f) => !hiddenOrArchived.has(f.id));
    expect([...files.keys()].sort()).toEqual(expected.map((f) => f.id).sort());
    for (const f of expected) expect(files.get(f.id), f.id).toMatchObject({ type: f.type, path: f.path });
    expect(files.size).toBeGreaterThan(100);
  });

  it("parent chains end at one root, paths spell the ancestors' names, parentUrlId is the parent's urlId", () => {
    const roots = new Set<string>();
    const scopes = new Map(pathEntries.filter((e) => e.path.length < 3).map((e) => [e.urlId, e]));
    for (const f of files.values()) {
      if (f.type === "table") {
        const scope = scopes.get(f.parentId);
        if (!scope || scope.path.length !== 2) fail(`table ${f.id}: parent ${f.parentId} is not a schema in /v2/connections/paths`);
        else if (f.path !== `${connections.get(scope.connectionId)?.name}/${scope.path.join("/")}`) fail(`table ${f.id}: path ${f.path}`);
        if (f.parentUrlId !== scope?.urlId) fail(`table ${f.id}: parentUrlId`);
        continue;
      }
      const names: string[] = [];
      let parent = files.get(f.parentId);
      if (parent && parent.urlId !== f.parentUrlId) fail(`${f.id}: parentUrlId ${f.parentUrlId} != ${parent.urlId}`);
      let last = f;
      for (let hops = 0; parent && hops < 20; hops++) {
        names.unshift(parent.name);
        last = parent;
        parent = files.get(parent.parentId);
      }
      roots.add(last.parentId);
      if (names.join("/") !== f.path) fail(`${f.type} ${f.name}: path "${f.path}" != "${names.join("/")}"`);
    }
    expect(problems).toEqual([]);
    expect(roots.size).toBe(1);
    // The root is not listed, and its children are what directChildFilter lists at the top.
    const root = [...roots][0] as string;
    expect(files.has(root)).toBe(false);
    return Promise.all([all("/v2/files?directChildFilter=true&typeFilters=workspace"), all("/v2/files?directChildFilter=true")]).then(([ws, top]) => {
      const children = [...files.values()].filter((f) => f.parentId === root);
      expect([...ws, ...top].map((f) => f.id).sort()).toEqual(children.map((f) => f.id).sort());
    });
  });

  it("GET /v2/files/{id} (by id and by urlId) equals the list entry, and parentId lists descendants", async () => {
    const sample = [...files.values()].filter((_, i) => i % 7 === 0);
    for (const f of sample) {
      expect((await get(`/v2/files/${f.id}`)).body, f.id).toEqual(f);
      expect((await get(`/v2/files/${f.urlId}`)).body.id, f.urlId).toBe(f.id);
    }
    for (const ws of [...files.values()].filter((f) => f.type === "workspace")) {
      const under = await all(`/v2/files?parentId=${ws.id}`);
      for (const f of under) if (!f.path.startsWith(ws.name)) fail(`${f.id} under ${ws.name} has path ${f.path}`);
      const expected = [...files.values()].filter((f) => f.type !== "workspace" && f.type !== "table" && (f.path === ws.name || f.path.startsWith(`${ws.name}/`)));
      expect(under.map((f) => f.id).sort(), ws.name).toEqual(expected.map((f) => f.id).sort());
    }
    expect(problems).toEqual([]);
  });
});

describe("connections", () => {
  it("/v2/connections/paths lists every truth table under its schema and database, and paths/{inodeId} agrees", async () => {
    const tables = pathEntries.filter((e) => e.path.length === 3);
    expect(tables.map((e) => e.urlId).sort()).toEqual(truth.tables.map((t) => t.inodeId).sort());
    const keys = new Set(pathEntries.map((e) => `${e.connectionId}/${e.path.join("/")}`));
    for (const t of truth.tables) {
      for (const n of [1, 2]) if (!keys.has(`${t.connectionId}/${t.path.slice(0, n).join("/")}`)) fail(`no scope ${t.path.slice(0, n)} for ${t.inodeId}`);
      const one = await get(`/v2/connections/paths/${t.inodeId}`);
      if (JSON.stringify(one.body) !== JSON.stringify({ connectionId: t.connectionId, path: t.path })) fail(`paths/${t.inodeId}: ${JSON.stringify(one.body)}`);
    }
    for (const e of pathEntries.filter((x) => x.path.length < 3)) {
      if (!connections.has(e.connectionId)) fail(`path of unknown connection ${e.connectionId}`);
      if ((await get(`/v2/connections/paths/${e.urlId}`)).status !== 400) fail(`paths/${e.urlId} of a scope is not 400`);
    }
    expect(problems).toEqual([]);
  });

  it("lookup returns the ids /v2/connections/paths lists, for tables and scopes", async () => {
    for (const e of pathEntries.filter((_, i) => i % 5 === 0)) {
      const res = await emu.fetch(`/v2/connection/${e.connectionId}/lookup`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path: e.path }) });
      const body = (await res.json()) as Json;
      expect(body, e.path.join(".")).toMatchObject({ kind: e.path.length === 3 ? "table" : "scope", inodeId: e.urlId });
      if (e.path.length === 3) {
        expect((await allTokens(`/v2/connections/tables/${e.urlId}/columns`)).length).toBeGreaterThan(0);
      }
    }
  });
});

describe("workbooks", () => {
  it("sources, lineage, element lineage graphs and element SQL agree", async () => {
    const workbooks = await all("/v2/workbooks");
    const visible = truth.workbooks.filter((w) => !w.hiddenFromCaller && !w.isArchived);
    expect(workbooks.map((w) => w.workbookId).sort()).toEqual(visible.map((w) => w.workbookId).sort());
    const dataModels = new Map((await all("/v2/dataModels")).map((d) => [d.dataModelId, d]));
    const dmByUrlId = new Map([...dataModels.values()].map((d) => [d.dataModelUrlId, d]));
    const datasets = new Map((await all("/v2/datasets")).map((d) => [d.url.split("/").pop(), d]));
    const tablePaths = new Map(truth.tables.map((t) => [t.inodeId, t]));
    // The default (sigma) lineage ids: tables and datasets `inode-<id>`, data-model elements by their node id.
    expect(truth.lineageIds).toBe("sigma");
    const dmNodes = new Map(truth.dataModels.flatMap((d) => d.elements.map((e) => [e.lineageNodeId, { dataModelId: d.dataModelId, elementId: e.elementId }] as const)));
    let graphs = 0;
    let sqlChecked = 0;

    for (const wb of workbooks) {
      const base = `/v2/workbooks/${wb.workbookId}`;
      const w = wb.workbookId.slice(0, 8);
      if (files.get(wb.workbookId)?.path !== wb.path) fail(`${w}: workbook path ${wb.path} != file path ${files.get(wb.workbookId)?.path}`);
      const [sources, lineage, elements, queries] = [(await get(`${base}/sources`)).body, await all(`${base}/lineage`), await all(`${base}/elements`), await all(`${base}/queries`)];
      const elementIds = new Set(elements.map((e) => e.elementId));
      const truthEls = visible.find((t) => t.workbookId === wb.workbookId)?.elements ?? [];
      if (JSON.stringify([...elementIds].sort()) !== JSON.stringify(truthEls.map((e) => e.elementId).sort())) fail(`${w}: elements differ from truth`);

      // Sources resolve, and match the lineage's source entries one for one.
      const tableSources = new Set<string>();
      const datasetSources = new Set<string>();
      const dmSources = new Set<string>();
      const customSqlIds = new Set<string>();
      for (const s of sources) {
        if (s.type === "table") {
          tableSources.add(s.inodeId);
          if (!tablePaths.has(s.inodeId)) fail(`${w}: table source ${s.inodeId} is no table`);
        } else if (s.type === "dataset") {
          datasetSources.add(s.inodeId);
          if (!datasets.has(s.inodeId)) fail(`${w}: dataset source ${s.inodeId} unknown`);
        } else if (s.type === "data-model") {
          dmSources.add(s.dataModelId);
          const dmEls = new Set((await all(`/v2/dataModels/${s.dataModelId}/elements`)).map((e) => e.elementId));
          for (const id of s.elementIds) if (!dmEls.has(id)) fail(`${w}: data-model source element ${id} not in ${s.dataModelId}`);
        } else if (s.type === "custom-sql") {
          customSqlIds.add(s.customSqlId);
          if (!connections.has(s.connectionId)) fail(`${w}: custom SQL on unknown connection`);
        } else fail(`${w}: source type ${s.type}`);
      }
      const entryIds = (type: string, key: string) => new Set(lineage.filter((e) => e.type === type).map((e) => e[key]));
      const same = (a: Set<string>, b: Set<string>, what: string) => {
        if (JSON.stringify([...a].sort()) !== JSON.stringify([...b].sort())) fail(`${w}: ${what}: sources ${[...a]} vs lineage ${[...b]}`);
      };
      same(tableSources, entryIds("table", "inodeId"), "tables");
      same(datasetSources, entryIds("dataset", "inodeId"), "datasets");
      same(dmSources, entryIds("data-model", "dataModelId"), "data models");
      if (lineage.filter((e) => e.type === "customSQL").length !== customSqlIds.size) fail(`${w}: custom SQL count`);
      const dmElementSources = new Set(sources.filter((s: Json) => s.type === "data-model").flatMap((s: Json) => (s.elementIds as string[]).map((el) => `${s.dataModelId}/${el}`)));
      // A root source id as lineage writes it: `inode-<table or dataset>`, a data-model element's node, a custom SQL id.
      const isRoot = (id: string) => {
        if (id.startsWith("inode-")) return tableSources.has(id.slice(6)) || datasetSources.has(id.slice(6));
        const dm = dmNodes.get(id);
        if (dm) return dmElementSources.has(`${dm.dataModelId}/${dm.elementId}`);
        return customSqlIds.has(id);
      };

      // Element entries point at elements of the workbook or at its sources.
      const elementEntries = new Map(lineage.filter((e) => e.type === "element").map((e) => [e.elementId, e]));
      for (const e of elementEntries.values()) {
        if (!elementIds.has(e.elementId)) fail(`${w}: lineage element ${e.elementId} not in /elements`);
        for (const id of e.sourceIds ?? []) if (!elementIds.has(id) && !isRoot(id)) fail(`${w}: ${e.elementId} reads unknown ${id}`);
        for (const id of e.dataSourceIds ?? []) if (!isRoot(id)) fail(`${w}: ${e.elementId} data source ${id} not a source`);
      }

      const sqlByElement = new Map(queries.map((q) => [q.elementId, q.sql]));
      for (const el of elements) {
        const graph = await get(`${base}/lineage/elements/${el.elementId}`);
        const query = await get(`${base}/elements/${el.elementId}/query`);
        const entry = elementEntries.get(el.elementId);
        if (graph.status === 200) {
          graphs++;
          const deps = graph.body.dependencies as Record<string, Json>;
          for (const edge of graph.body.edges) if (!(edge.source in deps) || !(edge.target in deps)) fail(`${w}/${el.elementId}: dangling edge`);
          if (!Object.values(deps).some((n) => n.elementId === el.elementId)) fail(`${w}/${el.elementId}: graph lacks the element's own node`);
          for (const node of Object.values(deps)) {
            const id = String(node.nodeId).replace(/^inode-/, "");
            if (node.type === "table" && !tableSources.has(id)) fail(`${w}/${el.elementId}: graph table ${id} not a workbook source`);
            if (node.type === "dataset" && !datasetSources.has(id)) fail(`${w}/${el.elementId}: graph dataset ${id} not a source`);
            if (node.type === "data-model") {
              if (!dmSources.has(dmByUrlId.get(id.split("/")[0])?.dataModelId)) fail(`${w}/${el.elementId}: graph data model ${id} not a source`);
              if (!isRoot(id) || node.elementId !== undefined) fail(`${w}/${el.elementId}: graph data-model node ${id} is not one of the elements its sources list`);
            }
          }
          // The element's root data sources are nodes of its graph (custom SQL has its own node id).
          for (const id of entry?.dataSourceIds ?? []) {
            if (!customSqlIds.has(id) && !(id in deps)) fail(`${w}/${el.elementId}: data source ${id} missing from its graph`);
          }
        } else if (graph.status === 400) {
          if (entry || query.status !== 400) fail(`${w}/${el.elementId}: 400 lineage for a data element`);
        } else if (graph.status !== 500) fail(`${w}/${el.elementId}: lineage status ${graph.status}`);

        if (query.status === 200) {
          if (query.body.elementId !== el.elementId || sqlByElement.get(el.elementId) !== query.body.sql) fail(`${w}/${el.elementId}: /query and /queries disagree`);
          if (!entry) fail(`${w}/${el.elementId}: SQL for an element without lineage entry`);
          // SQL reads the tables the element reads directly.
          for (const id of entry?.sourceIds ?? []) {
            const t = tablePaths.get(id.replace(/^inode-/, ""));
            if (!t) continue;
            sqlChecked++;
            if (!String(query.body.sql).toLowerCase().includes((t.path[2] as string).toLowerCase())) fail(`${w}/${el.elementId}: SQL does not mention ${t.path.join(".")}`);
          }
        } else if (query.status !== 400 || sqlByElement.has(el.elementId)) fail(`${w}/${el.elementId}: query status ${query.status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(graphs).toBeGreaterThan(50);
    expect(sqlChecked).toBeGreaterThan(20);
  });
});
