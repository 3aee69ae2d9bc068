/**
 * The endpoint catalogue is the one table both sides derive from: every entry has an emulator
 * route (and every route an entry), and every entry is reached by a client method (legacy lists
 * through their always-paginated twin). The client side is measured, not declared: each resource
 * method is called against the in-process emulator and the requests it sent are matched to
 * catalogue templates.
 */
import { describe, expect, it } from "vitest";
import { ENDPOINTS, allEndpoints, endpointLabel, type EndpointKey } from "../../src/api/endpoints.js";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { apiRoutes } from "../../src/emulator/routes/index.js";

const entries = allEndpoints();

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[A-Za-z]+\\?\}/g, "[^/]+");
  return new RegExp(`^${escaped.replace(/\{[A-Za-z]+\}/g, "[^/]+")}$`);
}

/** The catalogue entry a concrete request matches (literal segments win, as in the router). */
function entryOf(method: string, pathname: string): EndpointKey | undefined {
  const hits = entries.filter((e) => e.method === method && templateRegex(e.path).test(pathname));
  hits.sort((a, b) => b.path.replace(/\{[^}]+\}/g, "").length - a.path.replace(/\{[^}]+\}/g, "").length);
  return hits[0]?.key;
}

describe("endpoint catalogue coverage", () => {
  it("has exactly one emulator route per entry, served from the entry itself", () => {
    const routeLabels = apiRoutes.map((r) => endpointLabel(r.endpoint));
    expect(new Set(routeLabels).size).toBe(routeLabels.length);
    expect([...routeLabels].sort()).toEqual(entries.map((e) => endpointLabel(e)).sort());
    for (const r of apiRoutes) {
      expect(r.method).toBe(r.endpoint.method);
      expect(r.template).toBe(r.endpoint.path);
    }
  });

  it("reaches every entry from a client method (legacy lists through their twin)", async () => {
    const emu = await createEmulator({ seed: 3, size: "small", shape: "strict", exportTimeMs: 0, log: () => undefined });
    const seen = new Set<EndpointKey>();
    const unmatched: string[] = [];
    const fetch = Object.assign(
      async (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
        const key = entryOf(method, url.pathname);
        if (key) seen.add(key);
        else unmatched.push(`${method} ${url.pathname}`);
        return emu.fetch(input, init);
      },
      // Still in-process: plain http to the emulator's placeholder host is fine.
      emu.fetch,
    );
    try {
      const c = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch, allowInsecureHttp: true });
      const truth = emu.truth() as Truth;
      const wb = truth.workbooks.find((w) => !w.isArchived && !w.hiddenFromCaller && w.materializationSchedules.length > 0 && w.elements.length > 0)!;
      const dm = truth.dataModels.find((d) => !d.isArchived && d.materializationSchedules.length > 0)!;
      const ds = truth.datasets.find((d) => !d.isArchived)!;
      const element = wb.elements.find((e) => ["table", "visualization", "pivot-table", "input-table"].includes(e.type))!;
      const table = truth.tables[0]!;
      const member = truth.members[0]!;

      await c.whoami();
      await c.workbooks.list().toArray();
      await c.workbooks.get(wb.workbookId);
      await c.workbooks.pages(wb.workbookId).toArray();
      await c.workbooks.pageElements(wb.workbookId, element.pageId).toArray();
      await c.workbooks.elements(wb.workbookId).toArray();
      await c.workbooks.columns(wb.workbookId).toArray();
      await c.workbooks.elementColumns(wb.workbookId, element.elementId).toArray();
      await c.workbooks.elementQuery(wb.workbookId, element.elementId);
      await c.workbooks.queries(wb.workbookId).toArray();
      await c.workbooks.lineage(wb.workbookId).toArray();
      await c.workbooks.elementLineage(wb.workbookId, element.elementId).catch(() => undefined); // "no lineage" is a 500
      await c.workbooks.sources(wb.workbookId);
      await c.workbooks.materializationSchedules(wb.workbookId).toArray();
      const started = await c.workbooks.materialize(wb.workbookId, wb.materializationSchedules[0]!.sheetId);
      await c.workbooks.getMaterialization(wb.workbookId, started.materializationId);
      await c.workbooks.exportAndDownload(wb.workbookId, { elementId: element.elementId, format: { type: "csv" } }, { pollIntervalMs: 1, timeoutMs: 5000 });

      await c.dataModels.list().toArray();
      await c.dataModels.get(dm.dataModelId);
      await c.dataModels.elements(dm.dataModelId).toArray();
      await c.dataModels.columns(dm.dataModelId).toArray();
      await c.dataModels.lineage(dm.dataModelId).toArray();
      await c.dataModels.sources(dm.dataModelId).toArray();
      await c.dataModels.materializationSchedules(dm.dataModelId).toArray();
      const dmRun = await c.dataModels.materialize(dm.dataModelId, dm.materializationSchedules[0]!.sheetId);
      await c.dataModels.getMaterialization(dm.dataModelId, dmRun.materializationId);

      await c.datasets.list().toArray();
      await c.datasets.get(ds.datasetId);
      await c.datasets.sources(ds.datasetId).catch(() => undefined); // 409 inode_archived for some
      await c.datasets.materialize(ds.datasetId);
      await c.datasets.materializationHistory(ds.datasetId).toArray();

      await c.members.list().toArray();
      await c.members.get(member.memberId);
      await c.members.files(member.memberId).toArray();
      await c.members.recentFiles(member.memberId).toArray();
      await c.members.favoriteFiles(member.memberId).toArray();
      const [team] = await c.teams.list().toArray();
      await c.teams.get(team!.teamId);
      await c.teams.members(team!.teamId).toArray();
      const [ws] = await c.workspaces.list().toArray();
      await c.workspaces.get(ws!.workspaceId);
      const [file] = await c.files.list().toArray();
      await c.files.get(file!.id);

      await c.connections.list().toArray();
      await c.connections.get(table.connectionId);
      await c.connections.paths().toArray();
      await c.connections.pathOf(table.inodeId);
      await c.connections.lookup(table.connectionId, table.path);
      await c.connections.tableColumns(table.inodeId).toArray();
      await c.connections.sync(table.connectionId, { path: table.path });

      const tags = await c.tags.list().toArray();
      if (tags[0]) await c.tags.workbooks(tags[0].versionTagId).toArray();
      else await c.tags.workbooks("no-such-tag").toArray().catch(() => undefined);
      await c.accountTypes.list().toArray();
    } finally {
      await emu.close();
    }
    expect(unmatched).toEqual([]);
    const missing = entries.filter((e) => !seen.has(e.key) && !(e.twin !== undefined && seen.has(e.twin as EndpointKey))).map((e) => e.key);
    expect(missing).toEqual([]);
    // The twins named exist.
    for (const e of entries) if (e.twin !== undefined) expect(Object.keys(ENDPOINTS)).toContain(e.twin);
  });
});
