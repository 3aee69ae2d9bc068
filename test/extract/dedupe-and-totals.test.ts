/**
 * Extraction against an emulator whose answers are altered on the way (a fetch wrapper):
 * entries Sigma repeats are written once and counted in `duplicates_removed`; a list that
 * delivers fewer entries than its `total` makes the run incomplete instead of passing silently.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { extract } from "../../src/extract/index.js";
import { dataFiles, expectMatchesTruth, expectSameFiles, readRun, rows } from "./support.js";

const T = 1_700_000_000;
const SEED = 23;
let root: string;
const emulators: Emulator[] = [];

/** Rewrites a JSON body; returns undefined to leave the answer unchanged. */
type Rewrite = (path: string, body: unknown) => unknown;

/** A client over the emulator's in-process fetch, with `rewrite` applied to successful JSON answers. */
function alteredClient(emu: Emulator, rewrite?: Rewrite): SigmaClient {
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const res = await emu.fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!rewrite || res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("application/json")) return res;
    const body: unknown = JSON.parse(await res.text());
    const changed = rewrite(url.pathname, body) ?? body;
    return new Response(JSON.stringify(changed), { status: 200, headers: { "content-type": "application/json" } });
  };
  // A wrapper of emu.fetch is no longer marked in-process: http://emulator.local needs the named option.
  return new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch, allowInsecureHttp: true, concurrency: 4, maxRetries: 0 });
}

async function emulator(): Promise<Emulator> {
  const emu = await createEmulator({ seed: SEED, size: "tiny", log: () => {} });
  emulators.push(emu);
  return emu;
}

/** The entries of an envelope, or a bare array. */
function entriesOf(body: unknown): Array<Record<string, unknown>> {
  return Array.isArray(body) ? (body as Array<Record<string, unknown>>) : ((body as { entries?: Array<Record<string, unknown>> }).entries ?? []);
}

/** Appends a copy of the first entry that `pick` accepts; true when there was one. */
function repeatFirst(body: unknown, pick: (e: Record<string, unknown>) => boolean = () => true): boolean {
  const list = entriesOf(body);
  const first = list.find(pick);
  if (!first) return false;
  list.push(structuredClone(first));
  return true;
}

// Lineage entries without an id (custom SQL) are never merged, so repeat one that has an id.
const hasLineageId = (e: Record<string, unknown>): boolean => ["elementId", "inodeId", "dataModelId", "datasetId"].some((k) => typeof e[k] === "string");

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-extract-dedupe-"));
});
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("extract removes entries Sigma repeats", () => {
  it("writes every repeated list entry, query, page, element, column, lineage entry, schedule and source once and counts what it dropped per asset", async () => {
    const cleanDir = join(root, "clean");
    const clean = await extract({ client: alteredClient(await emulator()), outDir: cleanDir, timestamp: T });

    const injected: Record<string, number> = {};
    const bump = (asset: string) => (injected[asset] = (injected[asset] ?? 0) + 1);
    const rules: Array<[RegExp, string, ((e: Record<string, unknown>) => boolean)?]> = [
      [/^\/v2\/workbooks$/, "workbooks"],
      [/^\/v2\/dataModels$/, "datamodels"],
      [/^\/v2\/datasets$/, "datasets"],
      [/^\/v2\/files$/, "files"],
      [/^\/v2\.1\/members$/, "members"],
      [/^\/v2\.1\/teams$/, "teams"],
      [/^\/v2\.1\/workspaces$/, "workspaces"],
      [/^\/v2\/connections$/, "connections"],
      [/^\/v2\/workbooks\/[^/]+\/queries$/, "queries"],
      [/^\/v2\/workbooks\/[^/]+\/pages\/[^/]+\/elements$/, "elements"],
      [/^\/v2\/workbooks\/[^/]+\/pages$/, "pages"],
      [/^\/v2\/workbooks\/[^/]+\/columns$/, "columns"],
      [/^\/v2\/workbooks\/[^/]+\/lineage$/, "lineage", hasLineageId],
      [/^\/v2\/workbooks\/[^/]+\/sources$/, "workbook_sources"],
      [/^\/v2\.1\/workbooks\/[^/]+\/materialization-schedules$|^\/v2\/dataModels\/[^/]+\/materializationSchedules$/, "materialization_schedules"],
      [/^\/v2\/dataModels\/[^/]+\/sources$/, "datamodel_sources"],
      [/^\/v2\/dataModels\/[^/]+\/elements$/, "datamodel_elements"],
      [/^\/v2\/dataModels\/[^/]+\/columns$/, "datamodel_columns"],
      [/^\/v2\/dataModels\/[^/]+\/lineage$/, "datamodel_lineage", hasLineageId],
      [/^\/v2\/datasets\/[^/]+\/sources$/, "dataset_sources"],
    ];
    const emu = await emulator();
    const dir = join(root, "repeated");
    const res = await extract({
      client: alteredClient(emu, (path, body) => {
        for (const [re, asset, pick] of rules) if (re.test(path) && repeatFirst(body, pick)) bump(asset);
        return body;
      }),
      outDir: dir,
      timestamp: T,
    });

    // Every rule fired, so each dedupe path was exercised.
    expect(Object.keys(injected).sort()).toEqual(rules.map((r) => r[1]).sort());
    expect(res.summary.duplicates_removed).toEqual(injected);
    // Nothing else differs from a run without repeats: same rows, same errors.
    expect(res.summary.errors).toEqual(clean.summary.errors);
    expect(res.summary.counts).toEqual(clean.summary.counts);
    expectSameFiles(dataFiles(await readRun(dir), T), dataFiles(await readRun(cleanDir), T));
    await expectMatchesTruth(dir, T, emu.truth() as Truth);
    const queries = await rows(dir, T, "queries");
    expect(new Set(queries.map((q) => `${String(q.workbook_id)}/${String(q.elementId)}`)).size).toBe(queries.length);
  });

  it("writes an element Sigma lists on two pages once, under the first page", async () => {
    const emu = await emulator();
    const truth = emu.truth() as Truth;
    const DATA = new Set(["input-table", "pivot-table", "table", "visualization", "viz"]);
    const wb = truth.workbooks.find((w) => !w.isArchived && !w.hiddenFromCaller && w.pages.length >= 2 && w.elements.some((e) => e.pageId === w.pages[0]!.pageId && DATA.has(e.type)));
    expect(wb, "a listed workbook with two pages and a data element on the first").toBeDefined();
    const [first, second] = [wb!.pages[0]!.pageId, wb!.pages[1]!.pageId];
    const el = wb!.elements.find((e) => e.pageId === first && DATA.has(e.type))!;
    const cleanDir = join(root, "cross-page-clean");
    await extract({ client: alteredClient(await emulator()), outDir: cleanDir, timestamp: T, assets: "workbooks,elements" });

    // The element's own body, as page one lists it, is appended to page two's list.
    let body: Record<string, unknown> | undefined;
    let copies = 0;
    const dir = join(root, "cross-page");
    const res = await extract({
      client: alteredClient(emu, (path, answer) => {
        if (path === `/v2/workbooks/${wb!.workbookId}/pages/${first}/elements`) body = entriesOf(answer).find((e) => e.elementId === el.elementId);
        if (path !== `/v2/workbooks/${wb!.workbookId}/pages/${second}/elements`) return undefined;
        const copy = body ?? { elementId: el.elementId, name: el.name, type: el.type };
        entriesOf(answer).push(structuredClone(copy));
        copies++;
        return answer;
      }),
      outDir: dir,
      timestamp: T,
      assets: "workbooks,elements",
      concurrency: 1,
    });
    expect(copies).toBe(1);
    expect(res.summary.duplicates_removed).toEqual({ elements: 1 });
    const mine = (await rows(dir, T, "elements")).filter((e) => e.elementId === el.elementId);
    expect(mine.map((e) => e.page_id)).toEqual([first]);
    expectSameFiles(dataFiles(await readRun(dir), T), dataFiles(await readRun(cleanDir), T));
  });

  it("keeps one row per (workbook, elementId) when a query repeats with different content", async () => {
    const emu = await emulator();
    let target: string | undefined;
    const dir = join(root, "query-variant");
    const res = await extract({
      client: alteredClient(emu, (path, body) => {
        const m = /^\/v2\/workbooks\/([^/]+)\/queries$/.exec(path);
        const entries = (body as { entries?: Array<Record<string, unknown>> }).entries;
        if (!m || !entries?.[0] || (target !== undefined && target !== m[1])) return undefined;
        target = m[1];
        // Same element, another SQL text: still one query of that element.
        entries.push({ ...entries[0], sql: "select 'repeated'" });
        return body;
      }),
      outDir: dir,
      timestamp: T,
      assets: "workbooks,queries",
    });
    expect(target, "a workbook with queries").toBeDefined();
    expect(res.summary.duplicates_removed).toEqual({ queries: 1 });
    const mine = (await rows(dir, T, "queries")).filter((q) => q.workbook_id === target);
    expect(mine.some((q) => q.sql === "select 'repeated'")).toBe(false);
    expect(new Set(mine.map((q) => String(q.elementId))).size).toBe(mine.length);
  });
});

describe("extract checks what it received against the reported total", () => {
  it("a top-level list short of its total is an error and a warning, and the run is not ok", async () => {
    const emu = await emulator();
    let reported: number | undefined;
    let received = 0;
    const res = await extract({
      client: alteredClient(emu, (path, body) => {
        if (path !== "/v2/workbooks") return undefined;
        const b = body as { entries: unknown[]; total: number };
        received += b.entries.length;
        reported = b.total + 2;
        return { ...b, total: reported };
      }),
      outDir: join(root, "short-list"),
      timestamp: T,
      assets: "workbooks",
    });
    expect(reported).toBe(received + 2);
    expect(res.ok).toBe(false);
    expect(res.summary.complete).toBe(false);
    expect(res.summary.errors).toEqual([expect.objectContaining({ asset: "workbooks", error: "IncompleteList" })]);
    expect(res.summary.errors[0]!.message).toContain(`total ${reported}`);
    expect(res.summary.warnings.some((w) => w.startsWith("workbooks:") && w.includes(`received ${received} entries`))).toBe(true);
    // What was received is still written.
    expect(res.summary.counts.workbooks).toBe(received);
  });

  it("a per-workbook list short of its total is recorded against that workbook", async () => {
    const emu = await emulator();
    let target: string | undefined;
    const res = await extract({
      client: alteredClient(emu, (path, body) => {
        const m = /^\/v2\/workbooks\/([^/]+)\/queries$/.exec(path);
        if (!m || (target !== undefined && target !== m[1])) return undefined;
        target = m[1];
        const b = body as { entries: unknown[]; total?: number };
        return { ...b, total: b.entries.length + 1 };
      }),
      outDir: join(root, "short-child"),
      timestamp: T,
      assets: "workbooks,queries",
    });
    expect(target).toBeDefined();
    expect(res.ok).toBe(false);
    expect(res.summary.complete).toBe(false);
    expect(res.summary.errors).toEqual([
      expect.objectContaining({ asset: "queries", documentType: "workbook", documentId: target, error: "IncompleteList" }),
    ]);
    expect(res.summary.documents.workbook?.withErrors).toBe(1);
  });

  it("the same run without the short page passes (the errors above come from the total)", async () => {
    const res = await extract({ client: alteredClient(await emulator()), outDir: join(root, "no-short"), timestamp: T, assets: "workbooks,queries" });
    expect(res.summary.errors).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.summary.complete).toBe(true);
  });
});
