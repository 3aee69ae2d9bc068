import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, BadRequestError, ConflictError, NotFoundError, ServerError, SigmaConnectionError, UserError } from "../../src/errors.js";
import { CASTOR_ASSETS, DEFAULT_ASSETS, listsNeeded, parseAssets } from "../../src/extract/assets.js";
import { Checkpoint } from "../../src/extract/checkpoint.js";
import { foldIssues, lineageKey, newResult } from "../../src/extract/doc-context.js";
import { classify, sortIssues, toIssue } from "../../src/extract/issues.js";
import { findPreviousRun } from "../../src/extract/previous-run.js";
import { localIso } from "../../src/extract/summary.js";
import { extract } from "../../src/extract/extract.js";
import { isDataElement } from "../../src/extract/fetch-workbook.js";
import { prepareOutDir } from "../../src/extract/run-setup.js";
import { SigmaClient } from "../../src/client/index.js";

const req = { method: "GET", path: "/v2/workbooks/w1/queries" };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-units-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("assets", () => {
  it("defaults to every cheap asset: castor's ten plus sigmactl's, without per-element lineage graphs", () => {
    expect(parseAssets(undefined)).toEqual(DEFAULT_ASSETS);
    expect(DEFAULT_ASSETS).not.toContain("lineages");
    for (const a of CASTOR_ASSETS) expect(DEFAULT_ASSETS).toContain(a);
  });

  it("parses groups, names and removals, in file order", () => {
    expect(parseAssets("castor")).toEqual(CASTOR_ASSETS);
    expect(parseAssets("queries,workbooks")).toEqual(["workbooks", "queries"]);
    expect(parseAssets("default,lineages")).toContain("lineages");
    expect(parseAssets("-files,-members")).toEqual(DEFAULT_ASSETS.filter((a) => a !== "files" && a !== "members"));
    expect(() => parseAssets("workbooks,nope")).toThrow(UserError);
    expect(() => parseAssets("workbooks,-workbooks")).toThrow(/selects nothing/);
  });

  it("reads the lists a selection needs (a child asset needs its documents' list)", () => {
    expect(listsNeeded(["queries"])).toEqual(["workbooks"]);
    expect(listsNeeded(["materialization_schedules", "members"])).toEqual(["datamodels", "workbooks", "members"]);
  });
});

describe("data elements under drifting type words", () => {
  it("knows data and UI types; an unknown or missing type is a data element when it has SQL, and kept when that is unknown", () => {
    const sql = new Set(["e-sql"]);
    expect(isDataElement({ elementId: "a", type: "table" }, sql)).toBe(true);
    expect(isDataElement({ elementId: "a", type: "control" }, sql)).toBe(false);
    expect(isDataElement({ elementId: "e-sql", type: "sparkline-2027" }, sql)).toBe(true);
    expect(isDataElement({ elementId: "e-ui" }, sql)).toBe(false);
    expect(isDataElement({ elementId: "e-ui", type: null }, sql)).toBe(false);
    // Without the SQL list nothing tells: keep it rather than lose a data element silently.
    expect(isDataElement({ elementId: "e-ui", type: "new-word" }, undefined)).toBe(true);
  });
});

describe("error policy", () => {
  it("skips document-level API failures, counts Sigma's no-lineage answers, stops on auth failures and bugs", () => {
    expect(classify(new ConflictError({ status: 409, request: req }))).toBe("skip");
    // castor logs and skips a dataset whose source is archived: a warning with its count, not a failure.
    expect(classify(new ConflictError({ status: 409, code: "inode_archived", request: req }))).toBe("archived");
    expect(classify(new NotFoundError({ status: 404, request: req }))).toBe("skip");
    expect(classify(new SigmaConnectionError({ request: req, message: "reset" }))).toBe("skip");
    expect(classify(new ServerError({ status: 500, request: req }), "graph")).toBe("no-lineage");
    expect(classify(new ServerError({ status: 500, request: req }), "list")).toBe("skip");
    expect(classify(new BadRequestError({ status: 400, request: req }), "list")).toBe("no-lineage");
    expect(classify(new ServerError({ status: 500, request: req }))).toBe("skip");
    expect(classify(new AuthenticationError({ status: 401, request: req }))).toBe("fatal");
    expect(classify(new TypeError("bug"))).toBe("fatal");
  });

  it("records status, code and request, and folds identical failures of one document", () => {
    const err = new ConflictError({ status: 409, code: "inode_archived", message: "archived", request: req, requestId: "r1" });
    const issue = toIssue(err, "queries", { kind: "workbook", id: "w1" });
    expect(issue).toEqual({
      asset: "queries",
      documentType: "workbook",
      documentId: "w1",
      error: "ConflictError",
      message: "archived",
      status: 409,
      code: "inode_archived",
      request: "GET /v2/workbooks/w1/queries",
      requestId: "r1",
    });
    const r = newResult("workbook", "w1");
    r.errors.push(issue, { ...issue, asset: "columns", requestId: "r2" });
    expect(foldIssues(r).errors).toEqual([
      { asset: "columns,queries", documentType: "workbook", documentId: "w1", error: "ConflictError", message: "archived", status: 409, code: "inode_archived" },
    ]);
    const mixed = newResult("workbook", "w2");
    mixed.errors.push(issue, { ...issue, status: 404 });
    expect(foldIssues(mixed).errors).toHaveLength(2);
    expect(sortIssues([{ ...issue, documentId: "b" }, { ...issue, documentId: "a" }]).map((i) => i.documentId)).toEqual(["a", "b"]);
  });

  it("dedupes lineage entries by type and id, never custom SQL", () => {
    expect(lineageKey({ type: "element", elementId: "e1", sourceIds: [] })).toBe(lineageKey({ type: "element", elementId: "e1", sourceIds: ["x"] }));
    expect(lineageKey({ type: "customSQL", definition: "select 1" })).toBeUndefined();
  });
});

describe("journal and previous runs", () => {
  it("journals documents and lists; finds unfinished runs newest first", async () => {
    const cp = await Checkpoint.create(dir, { ts: 5, host: "h", assets: ["workbooks"], format: "castor", startedAt: "x" });
    await Checkpoint.create(dir, { ts: 9, host: "h", assets: ["workbooks"], format: "castor", startedAt: "x" });
    expect(await Checkpoint.unfinished(dir)).toEqual([9, 5]);
    const doc = { ...newResult("workbook", "id with/slash"), rows: { queries: [{ a: 1 }] } };
    expect(await cp.hasDoc("workbook", doc.id)).toBe(false);
    await cp.saveDoc(doc);
    expect(await cp.hasDoc("workbook", doc.id)).toBe(true);
    const { rows: _rows, ...meta } = doc;
    const loaded = await cp.loadDoc("workbook", doc.id);
    // Rows come back as the fragment the asset file will hold, never re-parsed.
    expect(loaded).toMatchObject({ ...meta, deps: [], parts: [{ asset: "queries", rows: 1 }] });
    expect(loaded!.parts[0]!.bytes.toString()).toBe('{"a": 1}');
    expect(await cp.listMeta("workbooks")).toBeUndefined();
    await cp.saveListMeta({ list: "workbooks", count: 1, duplicates: 0, errors: [], warnings: [] });
    expect((await cp.listMeta("workbooks"))?.count).toBe(1);
    await cp.remove();
    expect(await Checkpoint.unfinished(dir)).toEqual([9]);
  });

  it("--since uses the newest earlier sigmactl run and ignores castor's own summaries", async () => {
    await writeFile(join(dir, "100-summary.json"), JSON.stringify({ tool: "sigmactl", format: "castor", assets: ["workbooks"], errors: [{ documentType: "workbook", documentId: "w9" }] }));
    await writeFile(join(dir, "200-summary.json"), JSON.stringify({ python_version: "3.11", version: "0.26", executed_at: "x", host: "h" }));
    await writeFile(join(dir, "300-summary.json"), JSON.stringify({ tool: "sigmactl", format: "castor", assets: [] }));
    const prev = await findPreviousRun(dir, 250);
    expect(prev?.ts).toBe(100);
    expect(prev?.failed.has("workbook:w9")).toBe(true);
    expect((await findPreviousRun(dir, 400))?.ts).toBe(300);
    expect(await findPreviousRun(dir, 50)).toBeUndefined();
  });

  it("formats executed_at like Python's datetime.fromtimestamp(ts).isoformat()", () => {
    const d = new Date(1_700_000_000 * 1000);
    const p = (n: number) => String(n).padStart(2, "0");
    expect(localIso(1_700_000_000)).toBe(`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`);
    expect(localIso(1_700_000_000)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });
});

describe("output directory (library path)", () => {
  it("is created with its parents, and a file in the way is named", async () => {
    await prepareOutDir(join(dir, "a", "b"));
    expect((await stat(join(dir, "a", "b"))).isDirectory()).toBe(true);
    await writeFile(join(dir, "f"), "");
    await expect(prepareOutDir(join(dir, "f", "x"))).rejects.toThrow(`output directory ${join(dir, "f", "x")}: ${join(dir, "f")} is a file, not a directory`);
  });

  it.skipIf(process.platform !== "linux")("returns under /proc, where Node's recursive mkdir never does, before any request", async () => {
    await expect(prepareOutDir("/proc/sigmactl-nope/x")).rejects.toBeInstanceOf(UserError);
    let requests = 0;
    const client = new SigmaClient({
      baseUrl: "http://127.0.0.1:9",
      clientId: "id",
      clientSecret: "secret-secret",
      fetch: async () => {
        requests++;
        throw new Error("no request expected");
      },
    });
    const err = await extract({ client, outDir: "/proc/sigmactl-nope/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe("output directory /proc/sigmactl-nope/x: cannot create directory /proc/sigmactl-nope (ENOENT)");
    // The library names its option; the CLI shows -o/--output (src/cli/flag-names.ts).
    expect((err as UserError).suggestions).toEqual(["choose a writable output directory (`outDir`)"]);
    expect(requests).toBe(0);
  });
});
