/**
 * Helpers of the lineage tests: a real extraction of an emulated organisation (in-process
 * fetch, no socket), and an oracle computed from the organisation's own records (not from the
 * extracted files) saying which warehouse tables each workbook element really reads.
 */
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { LineageIds } from "../../src/emulator/index.js";
import { generateOrg } from "../../src/emulator/org/index.js";
import type { Org, OrgSize, WorkbookRecord } from "../../src/emulator/org/index.js";
import { extract } from "../../src/extract/index.js";

/** The timestamp every test run is written under. */
export const T = 1_700_000_000;

/** Generates the organisation of `seed`/`size` (the emulator serves a copy of the same). */
export function orgOf(seed: number, size: OrgSize): Org {
  return generateOrg({ seed, size });
}

/** Extracts `org` to `dir` through the emulator (serving lineage ids in `lineageIds`, default its own), as `sigmactl extract -o dir --assets <assets>` would. */
export async function extractOrg(
  org: Org,
  dir: string,
  assets = "all",
  format: "castor" | "jsonl" = "castor",
  lineageIds?: LineageIds,
  shape?: "strict" | "real" | "chaotic",
): Promise<void> {
  const emu = await createEmulator({ seed: org.seed, size: org.size, org, log: () => {}, ...(lineageIds ? { lineageIds } : {}), ...(shape ? { shape } : {}) });
  try {
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
    // A few datasets answer 409 on purpose: record and go on, as the demo does.
    await extract({ client, outDir: dir, timestamp: T, assets, format, maxErrors: Number.MAX_SAFE_INTEGER });
  } finally {
    await emu.close();
  }
}

/** Workbooks a listing returns (Sigma lists neither archived ones nor those hidden from the caller). */
export function visibleWorkbooks(org: Org): WorkbookRecord[] {
  return org.workbooks.filter((w) => w.workbook.isArchived !== true && !w.hiddenFromCaller);
}

/** `table:<connectionId>/<DB.SCHEMA.TABLE>`: the graph id of a warehouse table of `org`. */
export function tableId(org: Org, inodeId: string): string {
  const t = org.tables.find((x) => x.inodeId === inodeId);
  if (t === undefined) throw new Error(`no table ${inodeId}`);
  return `table:${t.connectionId}/${t.path.join(".")}`;
}

/** How a table is written in SQL on its connection (BigQuery quotes the whole name in backticks). */
export function qualifiedName(org: Org, t: Org["tables"][number]): string {
  const type = org.connections.find((c) => c.connectionId === t.connectionId)?.type;
  return type === "bigQuery" ? `\`${t.path.join(".")}\`` : t.path.join(".");
}

/** True when `sql` names `name` as a whole identifier (not as part of a longer one, such as `project-raw.a.b`). */
export function sqlNames(sql: string, name: string): boolean {
  let at = sql.indexOf(name);
  while (at >= 0) {
    const before = sql[at - 1] ?? " ";
    const after = sql[at + name.length] ?? " ";
    if (!/[\w.$`-]/.test(before) && !/[\w.$`-]/.test(after)) return true;
    at = sql.indexOf(name, at + 1);
  }
  return false;
}

type Entry = Record<string, unknown>;

/** A document source as the tests read it (the schemas' union keeps an open `type: string` arm). */
export interface Src {
  type: string;
  inodeId: string;
  dataModelId: string;
  elementIds?: string[];
}

/** A lineage entry as the tests read it. */
export interface LinEntry {
  type: string;
  elementId?: string;
  sourceIds?: string[] | null;
}

/** A document's sources, typed for the tests. */
export function srcs(sources: readonly unknown[]): Src[] {
  return sources as Src[];
}
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * Table inodes that element `elementId` of a document reads, transitively, from the org's
 * records: its lineage entry's root sources (`dataSourceIds`), each resolved to tables through
 * datasets' sources, the data-model elements read (named by the element's lineage graph, or
 * the document's sources), and the tables a custom SQL's text names.
 */
export class TableOracle {
  readonly #org: Org;
  readonly #memo = new Map<string, Set<string>>();

  constructor(org: Org) {
    this.#org = org;
  }

  /** Tables read by an element of workbook `wb`. */
  workbookElement(wb: WorkbookRecord, elementId: string): Set<string> {
    const entry = wb.lineage.find((e) => e.type === "element" && "elementId" in e && e.elementId === elementId) as Entry | undefined;
    const rec = wb.elements.find((e) => e.element.elementId === elementId);
    const graph = rec && !("error" in rec.lineage) ? rec.lineage : undefined;
    const dmElements = (dm: string): string[] => {
      const urlId = this.#org.dataModels.find((d) => d.dataModel.dataModelId === dm)?.dataModel.dataModelUrlId;
      const fromGraph = graph ? Object.values(graph.dependencies).filter((d) => d.type === "data-model" && d.nodeId === `inode-${urlId}`).map((d) => d.elementId ?? "") : [];
      if (fromGraph.length > 0) return fromGraph;
      return wb.sources.flatMap((s) => (s.type === "data-model" && s.dataModelId === dm ? ids((s as Entry).elementIds) : []));
    };
    return this.#roots(ids(entry?.dataSourceIds), wb.sources as Entry[], dmElements);
  }

  /** Tables read by element `elementId` of data model `dmId`. */
  dataModelElement(dmId: string, elementId: string): Set<string> {
    const key = `${dmId}/${elementId}`;
    const known = this.#memo.get(key);
    if (known) return known;
    this.#memo.set(key, new Set()); // no cycles in the org, but never loop
    const dm = this.#org.dataModels.find((d) => d.dataModel.dataModelId === dmId)!;
    const entry = dm.lineage.find((e) => e.type === "element" && "elementId" in e && e.elementId === elementId) as Entry | undefined;
    const dmElements = (up: string) => dm.sources.flatMap((s) => (s.type === "data-model" && s.dataModelId === up ? ids((s as Entry).elementIds) : []));
    const out = this.#roots(ids(entry?.dataSourceIds), dm.sources as Entry[], dmElements);
    this.#memo.set(key, out);
    return out;
  }

  #roots(roots: string[], docSources: Entry[], dmElements: (dm: string) => string[]): Set<string> {
    const out = new Set<string>();
    for (const id of roots) {
      if (this.#org.tables.some((t) => t.inodeId === id)) out.add(id);
      const dataset = this.#org.datasets.find((d) => d.dataset.url.endsWith(`/${id}`));
      if (dataset) for (const t of this.#datasetTables(dataset.dataset.datasetId)) out.add(t);
      if (this.#org.dataModels.some((d) => d.dataModel.dataModelId === id)) {
        for (const el of dmElements(id)) for (const t of this.dataModelElement(id, el)) out.add(t);
      }
      const sql = docSources.find((s) => s.type === "custom-sql" && s.customSqlId === id);
      if (sql) {
        for (const t of this.#org.tables) {
          if (t.connectionId === sql.connectionId && sqlNames(String(sql.definition), qualifiedName(this.#org, t))) out.add(t.inodeId);
        }
      }
    }
    return out;
  }

  #datasetTables(datasetId: string): Set<string> {
    const d = this.#org.datasets.find((x) => x.dataset.datasetId === datasetId)!;
    const out = new Set<string>();
    for (const s of d.sources as Entry[]) {
      if (s.type === "table") out.add(String(s.inodeId));
      const parent = this.#org.datasets.find((x) => x.dataset.url.endsWith(`/${String(s.inodeId)}`));
      if (s.type === "dataset" && parent) for (const t of this.#datasetTables(parent.dataset.datasetId)) out.add(t);
    }
    return out;
  }
}
