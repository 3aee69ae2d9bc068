/** Helpers shared by the extraction tests: emulators, clients, reading runs, checking them against the truth. */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import type { SigmaClientOptions } from "../../src/client/index.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";

/** A client for `emu` over its real port, with fast retries so chaos runs stay quick. */
export function clientFor(emu: Emulator, extra: Partial<SigmaClientOptions> = {}): SigmaClient {
  return new SigmaClient({
    baseUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    concurrency: 8,
    maxRetries: 8,
    retryPolicy: { baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 20, rateLimitFloorMs: 5 },
    ...extra,
  });
}

/** Every file of a run directory (name → text), `.sigmactl` excluded. */
export async function readRun(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { withFileTypes: true })) if (e.isFile()) out.set(e.name, await readFile(join(dir, e.name), "utf8"));
  return out;
}

/** The rows of one asset of a castor-format run. */
export async function rows(dir: string, ts: number, asset: string): Promise<Array<Record<string, unknown>>> {
  return JSON.parse(await readFile(join(dir, `${ts}-${asset}.json`), "utf8")) as Array<Record<string, unknown>>;
}

/** Asset files of a run without the summary (its counters and duration differ between runs). */
export function dataFiles(files: Map<string, string>, ts: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of files) {
    if (name.startsWith(`${ts}-`) && name !== `${ts}-summary.json`) out.set(name.slice(`${ts}-`.length), text);
  }
  return out;
}

const DATA_TYPES = new Set(["input-table", "pivot-table", "table", "visualization", "viz"]);
const FILE_TYPES = new Set(["workbook", "folder", "data-model", "dataset", "report"]);

function sorted(xs: string[]): string[] {
  return [...xs].sort();
}

function expectUnique(keys: string[], what: string): void {
  expect(new Set(keys).size, `${what} has duplicates`).toBe(keys.length);
}

/**
 * Checks a castor-format run against the emulator's truth: every asset the API user can list
 * is there exactly once (archived workbooks and workbooks hidden from the caller are not listed
 * by Sigma), with its pages, data elements, schedules and enriched table sources.
 */
export async function expectMatchesTruth(dir: string, ts: number, truth: Truth): Promise<void> {
  const visible = truth.workbooks.filter((w) => !w.isArchived && !w.hiddenFromCaller);
  const wb = await rows(dir, ts, "workbooks");
  expect(sorted(wb.map((w) => String(w.workbookId)))).toEqual(sorted(visible.map((w) => w.workbookId)));
  expectUnique(wb.map((w) => String(w.workbookId)), "workbooks");

  const pages = await rows(dir, ts, "pages");
  const pageKeys = pages.map((p) => `${p.workbook_id}/${p.pageId}`);
  expectUnique(pageKeys, "pages");
  expect(sorted(pageKeys)).toEqual(sorted(visible.flatMap((w) => w.pages.map((p) => `${w.workbookId}/${p.pageId}`))));

  const elements = await rows(dir, ts, "elements");
  const elKeys = elements.map((e) => `${e.workbook_id}/${e.page_id}/${e.elementId}`);
  expectUnique(elKeys, "elements");
  const truthEls = visible.flatMap((w) => w.elements.filter((e) => DATA_TYPES.has(e.type)).map((e) => `${w.workbookId}/${e.pageId}/${e.elementId}`));
  expect(sorted(elKeys)).toEqual(sorted(truthEls));

  const queries = await rows(dir, ts, "queries");
  const qKeys = queries.map((q) => `${q.workbook_id}/${q.elementId}`);
  expectUnique(qKeys, "queries");
  const allEls = new Set(visible.flatMap((w) => w.elements.map((e) => `${w.workbookId}/${e.elementId}`)));
  for (const k of qKeys) expect(allEls.has(k), `query of unknown element ${k}`).toBe(true);

  const dms = await rows(dir, ts, "datamodels");
  expect(sorted(dms.map((d) => String(d.dataModelId)))).toEqual(sorted(truth.dataModels.map((d) => d.dataModelId)));
  const datasets = await rows(dir, ts, "datasets");
  expect(sorted(datasets.map((d) => String(d.datasetId)))).toEqual(sorted(truth.datasets.map((d) => d.datasetId)));

  const schedules = await rows(dir, ts, "materialization_schedules");
  const sKeys = schedules.map((s) => `${s.asset_type}/${s.asset_id}/${s.sheetId}`);
  expectUnique(sKeys, "materialization_schedules");
  expect(sorted(sKeys)).toEqual(
    sorted([
      ...visible.flatMap((w) => w.materializationSchedules.map((s) => `workbook/${w.workbookId}/${s.sheetId}`)),
      ...truth.dataModels.flatMap((d) => d.materializationSchedules.map((s) => `datamodel/${d.dataModelId}/${s.sheetId}`)),
    ]),
  );

  for (const [asset, key, list] of [
    ["members", "memberId", truth.members.map((m) => m.memberId)],
    ["teams", "teamId", truth.teams.map((t) => t.teamId)],
    ["workspaces", "workspaceId", truth.workspaces.map((w) => w.workspaceId)],
    ["connections", "connectionId", truth.connections.map((c) => c.connectionId)],
  ] as const) {
    const got = (await rows(dir, ts, asset)).map((r) => String(r[key]));
    expectUnique(got, asset);
    expect(sorted(got), asset).toEqual(sorted(list));
  }

  const unlisted = new Set([
    ...truth.workbooks.filter((w) => w.isArchived || w.hiddenFromCaller).map((w) => w.workbookId),
    ...truth.dataModels.filter((d) => d.isArchived).map((d) => d.dataModelId),
    ...truth.datasets.filter((d) => d.isArchived).map((d) => d.datasetId),
  ]);
  const files = (await rows(dir, ts, "files")).map((f) => String(f.id));
  expectUnique(files, "files");
  expect(sorted(files)).toEqual(sorted(truth.files.filter((f) => FILE_TYPES.has(f.type) && !unlisted.has(f.id)).map((f) => f.id)));

  // Sources: one row per document; table sources carry the table's connection and path.
  const tables = new Map(truth.tables.map((t) => [t.inodeId, t]));
  for (const [asset, docs, tableKey] of [
    ["workbook_sources", visible.map((w) => w.workbookId), "inodeId"],
    ["datamodel_sources", truth.dataModels.map((d) => d.dataModelId), "tableId"],
  ] as const) {
    const src = await rows(dir, ts, asset);
    expect(sorted(src.map((r) => String(r.asset_id))), asset).toEqual(sorted(docs));
    for (const r of src) {
      for (const s of r.sources as Array<Record<string, unknown>>) {
        if (s.type !== "table") continue;
        const t = tables.get(String(s[tableKey]));
        expect(t, `${asset}: unknown table ${String(s[tableKey])}`).toBeDefined();
        expect({ connectionId: s.connectionId, path: s.path }).toEqual({ connectionId: t!.connectionId, path: t!.path });
      }
    }
  }
}

/** Asserts two runs hold the same asset files with the same bytes, naming the files that differ. */
export function expectSameFiles(a: Map<string, string>, b: Map<string, string>): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const differing = [...a.keys()].filter((k) => a.get(k) !== b.get(k));
  expect(differing, `files whose bytes differ`).toEqual([]);
}

/**
 * The harness of the end-to-end extraction suites: a temp root for the run directories and
 * loopback emulators that are all closed after each test. Call it at the top of a test file.
 */
export function useEmulatorsAndRoot(prefix: string): { root: () => string; emulator: (opts: Parameters<typeof createEmulator>[0]) => Promise<Emulator> } {
  let root = "";
  const emulators: Emulator[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await Promise.all(emulators.splice(0).map((e) => e.close()));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return {
    root: () => root,
    emulator: async (opts) => {
      const emu = await createEmulator({ listen: true, log: () => {}, ...opts });
      emulators.push(emu);
      return emu;
    },
  };
}
