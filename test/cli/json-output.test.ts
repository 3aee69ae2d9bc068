/**
 * Issue #11: every command's `--json` document conforms to its documented schema
 * (src/cli/json-schemas.ts), run for real against the emulator; docs/output.md shows those schemas.
 * `serve` is a long-running service: it prints no document, so it is not run here.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { ErrorDocumentSchema, OUTPUT_SCHEMAS, type JsonCommand } from "../../src/cli/json-schemas.js";
import { OUTPUT_DOCS_BEGIN, OUTPUT_DOCS_END, renderOutputDocs } from "../../src/cli/json-schemas-doc.js";
import { runCli } from "../helpers/run-cli.js";
import { startE2E, workbooksWithSchedules, type E2E } from "../materialize/helpers/emulator.js";

const SOURCE = "4ea60fe9-f487-43b0-aa7a-3ef43ca3a90e";
const FAST = ["--poll-interval", "100ms:300ms"];

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e.close();
});

const cli = (argv: string[]) => runCli(argv, { env: e.env, cwd: e.dir });

/** Parses stdout as one document and checks it against `schema`, naming the issues on failure. */
function conforms(stdout: string, schema: z.ZodType, command: string): Record<string, unknown> {
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  const parsed = schema.safeParse(doc);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`), command).toEqual([]);
  expect(doc.command).toBe(command);
  expect(Object.keys(doc).slice(0, 7)).toEqual(["command", "version", "outcome", "exitCode", "startedAt", "durationMs", "warnings"]);
  return doc;
}

describe("every command's --json document conforms to its documented schema", () => {
  it("online commands: whoami, api, materialize (--no-wait, status, wait, run), extract, impact", async () => {
    const check = async (command: JsonCommand, argv: string[], code = 0) => {
      const r = await cli(argv);
      expect(r.code, r.stderr).toBe(code);
      return conforms(r.stdout, OUTPUT_SCHEMAS[command], command);
    };
    await check("whoami", ["whoami", "--json"]);
    await check("api", ["api", "/v2/workbooks", "--json"]);
    const wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.every((s) => !s.paused));
    expect(wb).toBeDefined();
    const f = join(e.dir, "started.json");
    const started = await check("materialize", ["materialize", "--workbook", wb!.id, "--no-wait", "--output", f, "--json"]);
    expect((started.jobs as unknown[]).length).toBeGreaterThan(0);
    // The --output file is the same document.
    conforms(await readFile(f, "utf8"), OUTPUT_SCHEMAS.materialize, "materialize");
    await check("materialize status", ["materialize", "status", f, "--json"]);
    const waited = await check("materialize wait", ["materialize", "wait", f, "--json", ...FAST]);
    expect(waited.outcome).toBe("ready");
    await check("materialize", ["materialize", "--workbook", wb!.id, "--json", ...FAST]);
    const impact = await check("impact", ["impact", "*.*.*", "--json"]);
    expect((impact.schedules as unknown[]).length).toBeGreaterThan(0);
    await check("extract", ["extract", "-o", join(e.dir, "x"), "--json"]);
  }, 60_000);

  it("offline commands: lineage (stdout and -o), upload, config show", async () => {
    const x = join(e.dir, "x2");
    expect((await cli(["extract", "-o", x, "--quiet"])).code).toBe(0);
    const check = async (command: JsonCommand, argv: string[]) => {
      const r = await cli(argv);
      expect(r.code, r.stderr).toBe(0);
      return conforms(r.stdout, OUTPUT_SCHEMAS[command], command);
    };
    await check("lineage", ["lineage", "-d", x, "--json"]);
    await check("lineage", ["lineage", "-d", x, "-o", join(e.dir, "g.dot"), "--json"]);
    const up = await check("upload", ["upload", "-k", "catalog-token-json-1", "-s", SOURCE, "-t", "VIZ", "-d", x, "--ingest-url", `${e.emu.url}/__emulator/ingest`, "--json"]);
    expect((up.uploaded as unknown[]).length).toBeGreaterThan(0);
    await check("config show", ["config", "show", "--json"]);
  }, 60_000);

  it("demo", async () => {
    const r = await runCli(["demo", "--json", "--out", join(e.dir, "demo")], { env: { NO_COLOR: "1" }, cwd: e.dir });
    expect(r.code, r.stderr).toBe(0);
    conforms(r.stdout, OUTPUT_SCHEMAS.demo, "demo");
  }, 120_000);

  it("the error document: a usage error and an API error", async () => {
    const usage = await cli(["whoami", "--no-such-flag", "--json"]);
    expect(usage.code).toBe(3);
    const u = conforms(usage.stdout, ErrorDocumentSchema, "whoami");
    expect(u.error).toMatchObject({ type: "UsageError" });
    const api = await cli(["api", "/v2/teams/no-such-team", "--json"]);
    expect(api.code).toBe(7);
    const a = conforms(api.stdout, ErrorDocumentSchema, "api");
    expect(a.error).toMatchObject({ type: "ApiClientError" });
    // A schema that cannot fail is no check: a success document is not an error document.
    expect(ErrorDocumentSchema.safeParse({ ...u, outcome: "ok" }).success).toBe(false);
    expect(OUTPUT_SCHEMAS.upload.safeParse({ ...u, outcome: "ok", exitCode: 0 }).success).toBe(false);
  });

  it("docs/output.md shows these schemas (npm run output-docs)", async () => {
    const text = await readFile(join(import.meta.dirname, "..", "..", "docs", "output.md"), "utf8");
    const section = text.slice(text.indexOf(OUTPUT_DOCS_BEGIN), text.indexOf(OUTPUT_DOCS_END) + OUTPUT_DOCS_END.length);
    expect(section).toBe(renderOutputDocs());
  });
});
