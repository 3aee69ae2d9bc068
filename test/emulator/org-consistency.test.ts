import { describe, expect, it } from "vitest";
import { generateOrg, mutateWorkbooks } from "../../src/emulator/org/index.js";
import type { Org, OrgSize } from "../../src/emulator/org/types.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const URL_ID = /^[0-9A-Za-z]{22}$/;
const MEMBER_ID = /^[0-9A-Za-z]{29}$/;
const SHORT_ID = /^[0-9A-Za-z]{10}$/;
const DATA_TYPES = new Set(["table", "pivot-table", "visualization", "input-table"]);
// FROM/JOIN followed by a three-part name, optionally in BigQuery backticks.
const TABLE_REF = /\b(?:from|join)\s+(`?)([\w-]+)\.(\w+)\.(\w+)\1/gi;

/** Every internal-consistency rule the generator promises; returns the broken ones. */
function problems(org: Org): string[] {
  const out: string[] = [];
  const fail = (msg: string) => out.length < 50 && out.push(msg);

  // Id shapes.
  for (const w of org.workbooks) {
    if (!UUID.test(w.workbook.workbookId) || !URL_ID.test(w.workbook.workbookUrlId)) fail(`workbook ids ${w.workbook.workbookId}`);
    for (const p of w.pages) if (!SHORT_ID.test(p.pageId)) fail(`page id ${p.pageId}`);
    for (const e of w.elements) if (!SHORT_ID.test(e.element.elementId)) fail(`element id ${e.element.elementId}`);
  }
  for (const d of org.dataModels) if (!UUID.test(d.dataModel.dataModelId) || !URL_ID.test(d.dataModel.dataModelUrlId)) fail("dm ids");
  for (const d of org.datasets) if (!UUID.test(d.dataset.datasetId)) fail("dataset id");
  for (const m of org.members) if (!MEMBER_ID.test(m.memberId)) fail(`member id ${m.memberId}`);
  for (const c of org.connections) if (!UUID.test(c.connectionId)) fail("connection id");
  for (const t of org.teams) if (!UUID.test(t.team.teamId)) fail("team id");
  for (const w of org.workspaces) if (!UUID.test(w.workspaceId) || !URL_ID.test(w.workspaceUrlId)) fail("workspace ids");
  const allFileIds = org.files.map((f) => f.id);
  if (new Set(allFileIds).size !== allFileIds.length) fail("duplicate file ids");
  if (new Set(org.members.map((m) => m.email)).size !== org.members.length) fail("duplicate emails");

  // File tree: parents exist and paths spell the ancestors' names.
  const files = new Map(org.files.map((f) => [f.id, f]));
  const scopes = new Map(org.scopes.map((s) => [s.inodeId, s]));
  const connections = new Map(org.connections.map((c) => [c.connectionId, c]));
  const tables = new Map(org.tables.map((t) => [t.inodeId, t]));
  const tablePaths = new Set(org.tables.map((t) => t.path.join(".")));
  for (const f of org.files) {
    if (f.type === "table") {
      const scope = scopes.get(f.parentId);
      const table = tables.get(f.id);
      if (!scope || !table || scope.path.join("/") !== table.path.slice(0, 2).join("/")) fail(`table parent ${f.id}`);
      else if (f.path !== `${connections.get(table.connectionId)!.name}/${scope.path.join("/")}`) fail(`table path ${f.path}`);
      continue;
    }
    const names: string[] = [];
    let parent = f.parentId;
    for (let hops = 0; parent !== org.rootFolderId; hops++) {
      const p = files.get(parent);
      if (!p || hops > 20) {
        fail(`file ${f.id} has a dangling parent ${parent}`);
        break;
      }
      names.unshift(p.name);
      if (p.urlId !== (parent === f.parentId ? f.parentUrlId : p.urlId)) fail(`parentUrlId of ${f.id}`);
      parent = p.parentId;
    }
    if (names.join("/") !== f.path) fail(`file ${f.name} path "${f.path}" != "${names.join("/")}"`);
  }
  const docPath = (id: string, type: string, path: string) => {
    const f = files.get(id);
    if (!f || f.type !== type || f.path !== path) fail(`${type} ${id} path ${path} vs file ${f?.path}`);
  };
  for (const w of org.workbooks) docPath(w.workbook.workbookId, "workbook", w.workbook.path);
  for (const d of org.dataModels) docPath(d.dataModel.dataModelId, "data-model", d.dataModel.path);
  for (const d of org.datasets) docPath(d.dataset.datasetId, "dataset", d.dataset.path);

  // Documents by the ids lineage and sources use.
  const datasetByInode = new Map(org.datasets.map((d) => [d.dataset.url.split("/").pop()!, d]));
  const datasetIds = new Set(org.datasets.map((d) => d.dataset.datasetId));
  const dmByUrl = new Map(org.dataModels.map((d) => [d.dataModel.dataModelUrlId, d]));
  const dmById = new Map(org.dataModels.map((d) => [d.dataModel.dataModelId, d]));
  for (const [inode, d] of datasetByInode) {
    if (files.get(d.dataset.datasetId)?.urlId !== inode) fail(`dataset file urlId ${inode}`);
    for (const s of d.sources) if (!(s.type === "table" ? tables.has(s.inodeId) : datasetByInode.has(s.inodeId))) fail(`dataset source ${s.inodeId}`);
  }

  const checkColumnId = (id: string) => {
    if (!id.startsWith("inode-")) return SHORT_ID.test(id) || fail(`column id ${id}`);
    const [inode, col] = id.slice(6).split("/") as [string, string];
    const t = tables.get(inode);
    if (t ? !t.columns.some((c) => c.name === col) : !datasetByInode.has(inode)) fail(`column id ${id}`);
  };
  const checkSql = (sql: string | undefined, where: string) => {
    if (!sql || !/\n-- Sigma Σ \{"request-id":"[0-9a-f-]{36}","email":"[^"]+@[^"]+"\}$/.test(sql)) return fail(`sql comment ${where}`);
    const refs = [...sql.matchAll(TABLE_REF)];
    if (refs.length === 0) fail(`sql names no table ${where}`);
    for (const r of refs) if (!tablePaths.has(`${r[2]}.${r[3]}.${r[4]}`)) fail(`sql names unknown ${r[2]}.${r[3]}.${r[4]} in ${where}`);
  };
  // Lineage entries: element ids and source ids resolve; returns the source entries' keys.
  const checkEntries = (entries: Org["workbooks"][number]["lineage"], elementIds: Set<string>, customSqlIds: Set<string>, where: string) => {
    const keys = new Set<string>();
    for (const e of entries) {
      if ("elementId" in e) continue;
      if ("inodeId" in e) {
        const id = e.inodeId as string;
        if (e.type === "table" ? !tables.has(id) : !datasetByInode.has(id)) fail(`${where} lineage ${e.type} ${id}`);
        keys.add(`${e.type}:${id}`);
      } else if ("dataModelId" in e) {
        if (!dmById.has(e.dataModelId as string)) fail(`${where} lineage dm`);
        keys.add(`data-model:${e.dataModelId as string}`);
      } else if ("definition" in e) keys.add(`custom-sql:${e.connectionId as string}:${e.definition as string}`);
      else fail(`${where} unknown entry ${JSON.stringify(e)}`);
    }
    const resolvable = new Set([...elementIds, ...customSqlIds, ...[...keys].map((k) => k.split(":")[1]!)]);
    for (const e of entries) {
      if (!("elementId" in e)) continue;
      if (!elementIds.has(e.elementId as string)) fail(`${where} lineage element ${e.elementId as string}`);
      for (const id of [...((e.sourceIds as string[] | null) ?? []), ...((e.dataSourceIds as string[] | null) ?? [])]) {
        if (!resolvable.has(id) || id === e.elementId) fail(`${where} unresolvable source id ${id}`);
      }
    }
    return keys;
  };

  for (const w of org.workbooks) {
    const where = w.workbook.name;
    const byId = new Map(w.elements.map((e) => [e.element.elementId, e]));
    const pageIds = new Set(w.pages.map((p) => p.pageId));
    const sheetOf = new Map<string, string>();
    let columnCount = 0;
    for (const e of w.elements) {
      if (!pageIds.has(e.pageId)) fail(`${where} element on unknown page`);
      const data = DATA_TYPES.has(e.element.type!);
      if (!data) {
        if (!("error" in e.lineage) || e.lineage.error !== 400 || e.query || e.columns.length > 0) fail(`${where} UI element ${e.element.type}`);
        continue;
      }
      columnCount += e.columns.length;
      if (JSON.stringify(e.element.columns) !== JSON.stringify(e.columns.map((c) => c.label))) fail(`${where} element columns`);
      for (const c of e.columns) checkColumnId(c.columnId);
      if (e.element.type === "visualization" && !e.element.vizualizationType) fail(`${where} viz without vizualizationType`);
      checkSql(e.query?.sql, `${where}/${e.element.name}`);
      if ("error" in e.lineage) {
        if (e.lineage.error !== 500) fail(`${where} data element lineage error ${e.lineage.error}`);
        continue;
      }
      const deps = e.lineage.dependencies;
      const own = Object.values(deps).find((n) => n.type === "sheet" && n.elementId === e.element.elementId);
      if (!own) fail(`${where} graph lacks the element's own sheet`);
      for (const edge of e.lineage.edges) if (!deps[edge.source] || !deps[edge.target] || edge.type !== "source") fail(`${where} dangling edge`);
      for (const n of Object.values(deps)) {
        const x = n.nodeId.slice(6);
        if (n.type === "sheet") {
          const el = byId.get(n.elementId!);
          if (!el || el.element.name !== n.name) fail(`${where} sheet node ${n.name}`);
          else if (sheetOf.get(n.elementId!) && sheetOf.get(n.elementId!) !== n.nodeId) fail(`${where} two sheet ids`);
          sheetOf.set(n.elementId!, n.nodeId);
        } else if (n.type === "table" && !tables.has(x)) fail(`${where} unknown table node`);
        else if (n.type === "dataset" && !datasetByInode.has(x)) fail(`${where} unknown dataset node`);
        else if (n.type === "data-model" && !dmByUrl.get(x)?.elements.some((el) => el.elementId === n.elementId)) fail(`${where} unknown dm node`);
        else if (!["sheet", "table", "dataset", "data-model", "join", "union", "customSQL"].includes(n.type)) fail(`node type ${n.type}`);
      }
    }
    if (w.columns.length !== columnCount) fail(`${where} flat columns ${w.columns.length} != ${columnCount}`);
    for (const c of w.columns) if (!byId.has(c.elementId)) fail(`${where} flat column of unknown element`);

    const dataIds = new Set(w.elements.filter((e) => DATA_TYPES.has(e.element.type!)).map((e) => e.element.elementId));
    const customIds = new Set(w.sources.flatMap((s) => (s.type === "custom-sql" ? [s.customSqlId as string] : [])));
    const keys = checkEntries(w.lineage, dataIds, customIds, where);
    if (w.lineage.filter((e) => "elementId" in e).length !== dataIds.size) fail(`${where} element entries`);
    // Sources and lineage source entries name the same things.
    const sourceKeys = new Set(
      w.sources.map((s) =>
        s.type === "data-model" ? `data-model:${s.dataModelId as string}` : s.type === "custom-sql" ? `custom-sql:${s.connectionId as string}:${s.definition as string}` : `${s.type}:${s.inodeId as string}`,
      ),
    );
    if ([...sourceKeys].sort().join() !== [...keys].sort().join()) fail(`${where} sources != lineage sources`);
    for (const s of w.sources) {
      if (s.type === "dataset" && datasetByInode.get(s.inodeId as string)?.dataset.url !== s.url) fail(`${where} dataset source url`);
      if (s.type === "data-model") for (const id of s.elementIds as string[]) if (!dmById.get(s.dataModelId as string)?.elements.some((el) => el.elementId === id)) fail("dm source element");
    }
    // Element graphs only reach sources the workbook lineage lists.
    for (const e of w.elements) {
      if ("error" in e.lineage) continue;
      for (const n of Object.values(e.lineage.dependencies)) {
        const x = n.nodeId.slice(6);
        const key = n.type === "table" || n.type === "dataset" ? `${n.type}:${x}` : n.type === "data-model" ? `data-model:${dmByUrl.get(x)?.dataModel.dataModelId}` : undefined;
        if (key && !keys.has(key)) fail(`${where} graph node ${key} missing from lineage`);
      }
    }
    for (const s of w.materializationSchedules) {
      const el = byId.get(s.elementId);
      if (!el || !DATA_TYPES.has(el.element.type!) || el.element.name !== s.elementName) fail(`${where} schedule element`);
      if (!SHORT_ID.test(s.sheetId) || (sheetOf.has(s.elementId) && sheetOf.get(s.elementId) !== s.sheetId)) fail(`${where} schedule sheetId`);
    }
  }

  for (const d of org.dataModels) {
    const where = d.dataModel.name;
    const ids = new Set(d.elements.map((e) => e.elementId));
    if (d.columns.length === 0 || d.columns.some((c) => !ids.has(c.elementId))) fail(`${where} columns`);
    for (const c of d.columns) checkColumnId(c.columnId);
    const customIds = new Set(d.sources.flatMap((s) => (s.type === "custom-sql" ? [s.customSqlId as string] : [])));
    const keys = checkEntries(d.lineage, ids, customIds, where);
    const sourceKeys = d.sources.map((s) =>
      s.type === "table" ? `table:${s.tableId as string}` : s.type === "dataset" ? `dataset:${[...datasetByInode].find(([, x]) => x.dataset.datasetId === s.datasetId)?.[0]}` : s.type === "data-model" ? `data-model:${s.dataModelId as string}` : `custom-sql:${s.connectionId as string}:${s.definition as string}`,
    );
    if ([...new Set(sourceKeys)].sort().join() !== [...keys].sort().join()) fail(`${where} sources != lineage`);
    for (const s of d.sources) if (s.type === "dataset" && !datasetIds.has(s.datasetId as string)) fail("dm dataset source");
    for (const s of d.materializationSchedules) if (!ids.has(s.elementId) || d.elements.find((e) => e.elementId === s.elementId)!.name !== s.elementName) fail(`${where} schedule`);
  }

  const memberIds = new Set(org.members.map((m) => m.memberId));
  for (const t of org.teams) for (const m of t.members) if (!memberIds.has(m.userId) || !memberIds.has(m.addedBy)) fail("team member");
  for (const w of org.workbooks) if (!memberIds.has(w.workbook.ownerId)) fail("workbook owner");
  return out;
}

const cache = new Map<OrgSize, Org>();
const org = (size: OrgSize) => cache.get(size) ?? cache.set(size, generateOrg({ seed: 11, size })).get(size)!;

describe("generated org consistency", () => {
  it.each(["tiny", "small", "medium"] as const)("%s org is internally consistent", (size) => {
    expect(problems(org(size))).toEqual([]);
  });

  it("stays consistent after mutations", () => {
    const o = generateOrg({ seed: 12, size: "small" });
    mutateWorkbooks(o, 10, 1);
    mutateWorkbooks(o, 10, 2);
    expect(problems(o)).toEqual([]);
  });

  it("catches a broken org (the checks can fail)", () => {
    const o = generateOrg({ seed: 13, size: "tiny" });
    o.workbooks[0]!.workbook.path = "Nowhere";
    o.files.find((f) => f.type === "folder" && f.path !== "")!.path = "Wrong/Path";
    const el = o.workbooks[0]!.elements.find((e) => e.query)!;
    el.query!.sql = el.query!.sql!.replace(/from (\S+)/, "from NO_DB.NO_SCHEMA.NO_TABLE");
    o.workbooks[0]!.materializationSchedules[0]!.elementId = "XXXXXXXXXX";
    o.workbooks[1]!.sources.pop();
    const graph = o.workbooks[0]!.elements.find((e) => !("error" in e.lineage))!.lineage as { dependencies: Record<string, { type: string; nodeId: string }> };
    const tableNode = o.workbooks[0]!.elements.flatMap((e) => ("error" in e.lineage ? [] : Object.values(e.lineage.dependencies))).find((n) => n.type === "table")!;
    graph.dependencies["inode-unknownTable00000"] = { ...tableNode, nodeId: "inode-unknownTable00000" } as never;
    const found = problems(o).join("\n");
    expect(found).toMatch(/workbook .* path Nowhere/);
    expect(found).toMatch(/path "Wrong\/Path"/);
    expect(found).toMatch(/NO_DB\.NO_SCHEMA\.NO_TABLE/);
    expect(found).toMatch(/schedule element/);
    expect(found).toMatch(/sources != lineage sources/);
    expect(found).toMatch(/unknown table node/);
    expect(found).toMatch(/graph node table:unknownTable00000 missing from lineage/);
  });
});
