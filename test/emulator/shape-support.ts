/**
 * Helpers of the shape tests: an in-process emulator per shape, authenticated JSON GETs, and a
 * broad list of read routes over the org with the item kind each answers.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { ItemKind } from "../../src/emulator/shape/kinds.js";
import { tokenFor, type Json } from "./fixture.js";

/** An emulator plus its token. */
export interface Shaped {
  emu: Emulator;
  token: string;
  /** GET `path`; the parsed body (throws on a non-200). */
  get(path: string): Promise<Json>;
  /** GET `path`; status and raw body text. */
  raw(path: string): Promise<{ status: number; text: string }>;
}

/** Starts an in-process emulator (seed 7, small unless told) with `options`. */
export async function shaped(options: EmulatorOptions): Promise<Shaped> {
  const emu = await createEmulator({ seed: 7, size: "small", log: () => {}, ...options });
  const token = await tokenFor(emu);
  const raw = async (path: string) => {
    const res = await emu.fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, text: await res.text() };
  };
  return {
    emu,
    token,
    raw,
    async get(path) {
      const r = await raw(path);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
      return JSON.parse(r.text);
    },
  };
}

/** The items of a body: an envelope's entries, a bare array, or the one object. */
export function itemsOf(body: Json): Json[] {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.entries)) return body.entries;
  return [body];
}

/** Read routes over the org (visible workbooks, data models, datasets...) with their item kinds. */
export function readRoutes(truth: Truth, maxWorkbooks = 8): Array<[string, ItemKind]> {
  const out: Array<[string, ItemKind]> = [
    ["/v2/workbooks?limit=1000", "workbook"],
    ["/v2/dataModels?limit=1000", "dataModel"],
    ["/v2/datasets?limit=1000", "dataset"],
    ["/v2.1/members?limit=1000", "member"],
    ["/v2/members", "member"],
    ["/v2.1/teams?limit=1000", "team"],
    ["/v2.1/workspaces?limit=1000", "workspace"],
    ["/v2/files?limit=1000", "file"],
    ["/v2/files?typeFilters=workspace&limit=1000", "file"],
    ["/v2/connections?includeArchived=true&limit=1000", "connection"],
    ["/v2/connections/paths?limit=1000", "connectionPathEntry"],
    ["/v2/accountTypes?pageSize=1000", "accountType"],
    ["/v2/tags?limit=1000", "versionTag"],
  ];
  const visible = truth.workbooks.filter((w) => !w.hiddenFromCaller && !w.isArchived).slice(0, maxWorkbooks);
  for (const w of visible) {
    const base = `/v2/workbooks/${w.workbookId}`;
    out.push([base, "workbook"], [`${base}/pages`, "page"], [`${base}/elements?limit=1000`, "element"], [`${base}/columns?limit=1000`, "workbookColumn"]);
    out.push([`${base}/queries?limit=1000`, "query"], [`${base}/lineage?limit=1000`, "lineageEntry"], [`${base}/sources`, "source"]);
    out.push([`/v2.1/workbooks/${w.workbookId}/materialization-schedules?limit=1000`, "schedule"]);
    for (const e of w.elements) out.push([`${base}/elements/${e.elementId}/columns?limit=1000`, "elementColumn"]);
    for (const e of w.elements) out.push([`${base}/lineage/elements/${e.elementId}`, "elementLineage"]);
  }
  for (const d of truth.dataModels) {
    const base = `/v2/dataModels/${d.dataModelId}`;
    out.push([base, "dataModel"], [`${base}/elements?limit=1000`, "element"], [`${base}/columns?limit=1000`, "workbookColumn"], [`${base}/lineage?limit=1000`, "lineageEntry"], [`${base}/sources?pageSize=1000`, "source"]);
  }
  for (const d of truth.datasets) out.push([`/v2/datasets/${d.datasetId}`, "dataset"], [`/v2/datasets/${d.datasetId}/sources`, "source"]);
  for (const m of truth.members) out.push([`/v2/members/${m.memberId}`, "member"]);
  for (const t of truth.teams) out.push([`/v2/teams/${t.teamId}/members?limit=1000`, "teamMember"]);
  for (const w of truth.workspaces) out.push([`/v2/workspaces/${w.workspaceId}`, "workspace"]);
  for (const t of truth.tables.slice(0, 10)) out.push([`/v2/connections/paths/${t.inodeId}`, "connectionPath"], [`/v2/connections/tables/${t.inodeId}/columns?pageSize=1000`, "tableColumn"]);
  return out;
}
