import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveUploadConfig, selectFiles } from "../../src/catalog/index.js";
import { ConfigError, UserError } from "../../src/errors.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-select-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function touch(...names: string[]) {
  for (const n of names) await writeFile(join(dir, n), "[]");
}

describe("selectFiles", () => {
  it("takes the newest complete run and says what it skipped", async () => {
    await touch("100-workbooks.json", "100-summary.json", "200-workbooks.json", "200-summary.json");
    await touch("300-workbooks.json", "notes.txt", "200-files.json.tmp-99");
    const sel = await selectFiles(dir);
    expect(sel.runTs).toBe(200);
    expect(sel.complete).toBe(true);
    expect(sel.files.map((f) => basename(f))).toEqual(["200-summary.json", "200-workbooks.json"]);
    expect(sel.skipped.map((s) => s.file)).toEqual([
      "100-summary.json",
      "100-workbooks.json",
      "200-files.json.tmp-99",
      "300-workbooks.json",
      "notes.txt",
    ]);
    expect(sel.skipped.find((s) => s.file === "300-workbooks.json")!.reason).toMatch(/no summary/);
  });

  it("falls back to the newest run when none is complete", async () => {
    await touch("100-workbooks.json", "200-workbooks.jsonl");
    const sel = await selectFiles(dir);
    expect(sel).toMatchObject({ runTs: 200, complete: false });
  });

  it("--all takes every file but temporary leftovers", async () => {
    await touch("100-workbooks.json", "notes.txt", "x.json.tmp-1");
    const sel = await selectFiles(dir, { all: true });
    expect(sel.files.map((f) => basename(f))).toEqual(["100-workbooks.json", "notes.txt"]);
  });

  it("errors clearly on an empty or missing directory", async () => {
    await expect(selectFiles(dir)).rejects.toBeInstanceOf(UserError);
    await expect(selectFiles(join(dir, "missing"))).rejects.toThrow(/cannot read directory/);
  });
});

describe("resolveUploadConfig", () => {
  const SOURCE = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";
  it("reads CASTOR_UPLOADER_* and lets flags win", () => {
    const c = resolveUploadConfig(
      { zone: "us" },
      {
        CASTOR_UPLOADER_TOKEN: "t0k3n-abcdefgh",
        CASTOR_UPLOADER_SOURCE_ID: SOURCE,
        CASTOR_UPLOADER_FILE_TYPE: "viz",
        CASTOR_UPLOADER_DIRECTORY_PATH: "/out",
        CASTOR_UPLOADER_ZONE: "EU",
        CASTOR_RETRY_OVERRIDE: "2",
      },
    );
    expect(c).toMatchObject({ fileType: "VIZ", zone: "US", directoryPath: "/out", maxRetries: 2 });
  });

  it("names every missing setting", () => {
    expect(() => resolveUploadConfig({}, {})).toThrow(/-k\/--token.*-s\/--source_id.*-t\/--file_type.*-f\/--file_path or -d/);
  });

  it("rejects bad values", () => {
    const base = { token: "t0k3n-abcdefgh", sourceId: SOURCE, fileType: "VIZ", filePath: "/a" };
    expect(() => resolveUploadConfig({ ...base, fileType: "CSV" }, {})).toThrow(ConfigError);
    expect(() => resolveUploadConfig({ ...base, zone: "ASIA" }, {})).toThrow(/unknown zone/);
    expect(() => resolveUploadConfig({ ...base, sourceId: "nope" }, {})).toThrow(/UUID/);
    expect(() => resolveUploadConfig({ ...base, directoryPath: "/d" }, {})).toThrow(/cannot be combined/);
    expect(() => resolveUploadConfig({ ...base, fileType: "DBT", filePath: undefined, directoryPath: "/d" }, {})).toThrow(/DBT/);
  });
});
