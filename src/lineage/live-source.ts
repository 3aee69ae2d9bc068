/**
 * Lineage read live from the API, as an in-memory extraction the graph builder wires like a
 * run on disk: the document lists (workbooks, data models, datasets, connections), then per
 * document, once per run: workbooks' lineage, sources and schedules; data models' lineage,
 * sources, elements and schedules; datasets' sources and run history (a dataset that ran
 * before is a materialization target). Table paths come from the connection path lists (one
 * list per connection instead of one request per table), or per table for a table no list had.
 *
 * With `cacheDir`, each document's answers are kept on disk keyed by its `updatedAt`, and
 * table paths by inode: a repeated plan costs the list calls, plus the documents that changed.
 * A document without an `updatedAt` (bodies may omit it) is never served from the cache.
 * Per-element lineage graphs are asked only where a data-model element node
 * (`<dataModelUrlId>/<suffix>`) cannot be narrowed from the document's sources.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import type { SigmaClient } from "../client/index.js";
import { writeFileAtomic } from "../shared/atomic-file.js";
import { ensureDirectory } from "../shared/ensure-directory.js";
import type { Extraction } from "./load.js";
import { str, strings } from "./run-files.js";
import type { ExtractionRun, Row } from "./run-files.js";

/** A materialization target a document holds. */
export interface ScheduleRow {
  kind: "workbook" | "data-model" | "dataset";
  documentId: string;
  documentName: string;
  sheetId: string;
  elementId?: string;
  elementName?: string;
  paused: boolean;
}

/** What the live source (or an extraction) gives the planner. */
export interface LineageInput {
  x: Extraction;
  schedules: ScheduleRow[];
  requests: number;
  source: string;
}

/** Options of {@link loadLive}. */
export interface LiveOptions {
  cacheDir?: string | undefined;
  signal?: AbortSignal | undefined;
  concurrency?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

const CACHE_VERSION = 1;

interface DocCache {
  v: number;
  updatedAt: string;
  rows: Record<string, unknown>;
}

const toRows = (xs: readonly unknown[]): Row[] => xs.filter((x): x is Row => x !== null && typeof x === "object");

/** Reads lineage, sources and schedules of every document from the API (see the module comment). */
export async function loadLive(client: SigmaClient, options: LiveOptions = {}): Promise<LineageInput> {
  const before = client.stats().requests;
  const call = { signal: options.signal };
  const limit = pLimit(options.concurrency ?? 8);
  const cache = options.cacheDir === undefined ? undefined : new DiskCache(options.cacheDir);
  const host = createHash("sha256").update(client.baseUrl).digest("hex").slice(0, 12);

  const [workbooks, dataModels, datasets, connections] = await Promise.all([
    client.workbooks.list({ ...call }).toArray(),
    client.dataModels.list({ ...call }).toArray(),
    client.datasets.list({ ...call }).toArray(),
    client.connections.list({ ...call }).toArray(),
  ]);
  const x: Extraction = emptyExtraction();
  x.workbooks = toRows(workbooks);
  x.dataModels = toRows(dataModels);
  x.datasets = toRows(datasets);
  x.connections = toRows(connections);
  const schedules: ScheduleRow[] = [];
  const total = workbooks.length + dataModels.length + datasets.length;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);

  // One document: its cached rows when its updatedAt matches, else fetched and stored.
  const doc = async (kind: string, id: string, updatedAt: string | undefined, fetch: () => Promise<Record<string, unknown>>) => {
    const key = `${host}-${kind}-${id}`;
    if (cache && updatedAt !== undefined) {
      const hit = await cache.get<DocCache>(key);
      if (hit?.v === CACHE_VERSION && hit.updatedAt === updatedAt) return hit.rows;
    }
    const rows = await fetch();
    if (cache && updatedAt !== undefined) await cache.put(key, { v: CACHE_VERSION, updatedAt, rows });
    return rows;
  };

  await Promise.all([
    ...x.dataModels.map((d) =>
      limit(async () => {
        const id = str(d.dataModelId);
        if (id === undefined) return tick();
        const rows = await doc("datamodel", id, str(d.updatedAt), async () => {
          const [lineage, sources, elements, sched] = await Promise.all([
            client.dataModels.lineage(id, call).toArray().catch(noLineage),
            client.dataModels.sources(id, call).toArray(),
            client.dataModels.elements(id, call).toArray(),
            client.dataModels.materializationSchedules(id, call).toArray(),
          ]);
          return { lineage, sources, elements, schedules: sched };
        });
        const name = str(d.name) ?? id;
        x.lineage.datamodel.set(id, toRows(rows.lineage as unknown[]).map((e) => ({ ...e, datamodel_id: id })));
        x.sources.datamodel.set(id, toRows(rows.sources as unknown[]));
        x.dmElements.set(id, toRows(rows.elements as unknown[]).map((e) => ({ ...e, datamodel_id: id })));
        for (const s of toRows(rows.schedules as unknown[])) pushSchedule(schedules, "data-model", id, name, s);
        tick();
      }),
    ),
    ...x.workbooks.map((w) =>
      limit(async () => {
        const id = str(w.workbookId);
        if (id === undefined) return tick();
        const rows = await doc("workbook", id, str(w.updatedAt), async () => {
          const [lineage, sources, sched] = await Promise.all([
            client.workbooks.lineage(id, call).toArray().catch(noLineage),
            client.workbooks.sources(id, call),
            client.workbooks.materializationSchedules(id, call).toArray(),
          ]);
          return { lineage, sources, schedules: sched, graphs: {} };
        });
        const name = str(w.name) ?? id;
        x.lineage.workbook.set(id, toRows(rows.lineage as unknown[]).map((e) => ({ ...e, workbook_id: id })));
        x.sources.workbook.set(id, toRows(rows.sources as unknown[]));
        for (const s of toRows(rows.schedules as unknown[])) pushSchedule(schedules, "workbook", id, name, s);
        tick();
      }),
    ),
    ...x.datasets.map((d) =>
      limit(async () => {
        const id = str(d.datasetId);
        if (id === undefined) return tick();
        const rows = await doc("dataset", id, str(d.updatedAt), async () => {
          // Archived sources answer 409: the dataset's reads are unknown, so it is left out.
          const sources = await client.datasets.sources(id, call).catch(() => null);
          const history = sources === null ? [] : await client.datasets.materializationHistory(id, call).toArray({ limit: 1 }).catch(() => []);
          return { sources: sources ?? [], ran: history.length > 0 };
        });
        x.sources.dataset.set(id, toRows(rows.sources as unknown[]));
        if (rows.ran === true && d.isArchived !== true) schedules.push({ kind: "dataset", documentId: id, documentName: str(d.name) ?? id, sheetId: id, paused: false });
        tick();
      }),
    ),
  ]);

  await addElementGraphs(client, x, limit, call, cache, host);
  await addTablePaths(client, x, cache, host, call);
  return { x, schedules, requests: client.stats().requests - before, source: "live" };
}

// A document without a lineage graph answers 400/500: no entries (its sources still count).
function noLineage(): unknown[] {
  return [];
}

function pushSchedule(out: ScheduleRow[], kind: "workbook" | "data-model", id: string, name: string, s: Row): void {
  const sheetId = str(s.sheetId);
  if (sheetId === undefined) return;
  const elementId = str(s.elementId);
  const elementName = str(s.elementName);
  out.push({
    kind,
    documentId: id,
    documentName: name,
    sheetId,
    ...(elementId !== undefined ? { elementId } : {}),
    ...(elementName !== undefined ? { elementName } : {}),
    paused: s.paused === true,
  });
}

/**
 * Per-element lineage graphs, only for workbook elements that name a data-model element node
 * (`<dataModelUrlId>/<suffix>`) of a model the workbook reads several elements of: the graph's
 * node name is what tells which (resolve.ts). Cached with the workbook (its updatedAt).
 */
async function addElementGraphs(
  client: SigmaClient,
  x: Extraction,
  limit: ReturnType<typeof pLimit>,
  call: { signal?: AbortSignal | undefined },
  cache: DiskCache | undefined,
  host: string,
): Promise<void> {
  const dmByUrl = new Map<string, string>();
  for (const d of x.dataModels) {
    const id = str(d.dataModelId);
    if (id === undefined) continue;
    for (const u of [str(d.dataModelUrlId), str(d.urlId), str(d.url)?.split("/").pop()]) if (u !== undefined) dmByUrl.set(u, id);
  }
  const wanted: Array<[string, string, string | undefined]> = [];
  const updated = new Map(x.workbooks.map((w) => [str(w.workbookId) ?? "", str(w.updatedAt)]));
  for (const [wb, entries] of x.lineage.workbook) {
    const several = new Set<string>();
    for (const s of x.sources.workbook.get(wb) ?? []) {
      if (s.type === "data-model" && new Set(strings(s.elementIds)).size > 1) several.add(str(s.dataModelId) ?? "");
    }
    if (several.size === 0) continue;
    for (const e of entries) {
      const el = str(e.elementId);
      if (el === undefined) continue;
      const ambiguous = strings(e.sourceIds).some((sid) => {
        const slash = sid.indexOf("/");
        const dm = slash > 0 ? dmByUrl.get(sid.slice(0, slash)) : undefined;
        return dm !== undefined && several.has(dm);
      });
      if (ambiguous) wanted.push([wb, el, updated.get(wb)]);
    }
  }
  await Promise.all(
    wanted.map(([wb, el, updatedAt]) =>
      limit(async () => {
        const key = `${host}-graph-${wb}-${el}`;
        let graph: Row | undefined;
        if (cache && updatedAt !== undefined) {
          const hit = await cache.get<DocCache>(key);
          if (hit?.v === CACHE_VERSION && hit.updatedAt === updatedAt) graph = hit.rows as Row;
        }
        if (graph === undefined) {
          graph = (await client.workbooks.elementLineage(wb, el, call).catch(() => undefined)) as Row | undefined;
          if (graph === undefined) return;
          if (cache && updatedAt !== undefined) await cache.put(key, { v: CACHE_VERSION, updatedAt, rows: graph });
        }
        x.elementGraphs.set(`${wb}/${el}`, { ...graph, workbook_id: wb, element_id: el });
      }),
    ),
  );
}

/** Connection and path of every table the documents name: cached, else the connection path lists, else one lookup per table. */
async function addTablePaths(client: SigmaClient, x: Extraction, cache: DiskCache | undefined, host: string, call: { signal?: AbortSignal | undefined }): Promise<void> {
  const needed = new Set<string>();
  for (const [kind, key] of [["workbook", "inodeId"], ["dataset", "inodeId"], ["datamodel", "tableId"]] as const) {
    for (const list of x.sources[kind].values()) for (const s of list) if (s.type === "table" && str(s[key]) !== undefined) needed.add(str(s[key])!);
  }
  for (const kind of ["workbook", "datamodel"] as const) {
    for (const list of x.lineage[kind].values()) for (const e of list) if (e.type === "table" && str(e.inodeId) !== undefined) needed.add(str(e.inodeId)!);
  }
  const cacheKey = `${host}-table-paths`;
  const known = new Map<string, { connectionId: string; path: string[] }>(Object.entries((await cache?.get<Record<string, { connectionId: string; path: string[] }>>(cacheKey)) ?? {}));
  let missing = [...needed].filter((t) => !known.has(t));
  let changed = false;
  if (missing.length > 0) {
    // One list per connection answers every table at once; cheaper than a lookup per table beyond a few.
    if (missing.length > x.connections.length) {
      for (const c of x.connections) {
        const connectionId = str(c.connectionId);
        if (connectionId === undefined) continue;
        const entries = await client.connections.paths({ ...call, connectionId }).toArray().catch(() => []);
        for (const p of entries) {
          const path = strings(p.path);
          if (path.length >= 3) known.set(p.urlId, { connectionId: str(p.connectionId) ?? connectionId, path: path.slice(-3) });
        }
      }
      changed = true;
      missing = missing.filter((t) => !known.has(t));
    }
    await Promise.all(
      missing.map(async (t) => {
        const p = await client.connections.pathOf(t, call).catch(() => undefined);
        const path = strings(p?.path);
        if (p !== undefined && str(p.connectionId) !== undefined && path.length >= 3) {
          known.set(t, { connectionId: str(p.connectionId)!, path: path.slice(-3) });
          changed = true;
        }
      }),
    );
  }
  if (cache && changed) await cache.put(cacheKey, Object.fromEntries(known));
  // Every table known, read or not: a changed table that feeds nothing still matches (and reaches nothing).
  const connName = new Map(x.connections.map((c) => [str(c.connectionId) ?? "", str(c.name)]));
  for (const [inode, { connectionId, path }] of known) {
    const name = connName.get(connectionId);
    if (name !== undefined) x.files.push({ type: "table", id: inode, name: path[2], path: `${name}/${path[0]}/${path[1]}` });
  }
  const enrich = (row: Row, key: string): Row => {
    const k = str(row[key]);
    const info = k === undefined ? undefined : known.get(k);
    return info === undefined ? row : { ...row, connectionId: str(row.connectionId) ?? info.connectionId, path: info.path };
  };
  for (const [kind, key] of [["workbook", "inodeId"], ["dataset", "inodeId"], ["datamodel", "tableId"]] as const) {
    for (const [id, list] of x.sources[kind]) x.sources[kind].set(id, list.map((s) => (s.type === "table" ? enrich(s, key) : s)));
  }
  for (const kind of ["workbook", "datamodel"] as const) {
    for (const [id, list] of x.lineage[kind]) x.lineage[kind].set(id, list.map((e) => (e.type === "table" ? enrich(e, "inodeId") : e)));
  }
}

/** An empty in-memory extraction (every asset present, none missing). */
export function emptyExtraction(): Extraction {
  const run: ExtractionRun = { dir: "", ts: 0, format: "jsonl", assets: new Set(), hasSummary: true, errorCount: 0, complete: true };
  return {
    run,
    missing: new Set(),
    connections: [],
    dataModels: [],
    datasets: [],
    workbooks: [],
    files: [],
    sources: { workbook: new Map(), datamodel: new Map(), dataset: new Map() },
    lineage: { workbook: new Map(), datamodel: new Map() },
    elements: new Map(),
    pages: new Map(),
    dmElements: new Map(),
    elementGraphs: new Map(),
  };
}

/** JSON files in one directory, written atomically; an unreadable entry is a miss. */
class DiskCache {
  #ready: Promise<void> | undefined;
  constructor(readonly dir: string) {}

  async get<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${key}.json`), "utf8")) as T;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    this.#ready ??= ensureDirectory(this.dir, "lineage cache");
    await this.#ready;
    await writeFileAtomic(join(this.dir, `${key}.json`), JSON.stringify(value), { sync: false });
  }
}
