/**
 * Issue #11 part A: the one --json envelope (success, error, usage error), `api` defaults and
 * JMESPath, lineage -o with an unknown extension, XDG_CONFIG_HOME, config init/show, completion,
 * the command table's lazy loading, and a live view that fits the terminal.
 */
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invokedCommand } from "../../src/cli/program.js";
import { COMMANDS } from "../../src/cli/command-table.js";
import { createProgressView } from "../../src/cli/commands/materialize-live.js";
import { colorEnabled, createOutput, isInteractive } from "../../src/cli/output.js";
import { middleTruncate, renderTable } from "../../src/cli/table.js";
import type { JobRecord } from "../../src/materialize/types.js";
import { captureContext, runCli } from "../helpers/run-cli.js";
import { routes, startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";

const ENVELOPE = ["command", "version", "outcome", "exitCode", "startedAt", "durationMs", "warnings"];

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer(
    routes({
      "POST /v2/auth/token": { json: { access_token: "tok-release-cli-01", token_type: "bearer", expires_in: 3600 } },
      "GET /v2/whoami": { json: { userId: "u1", organizationId: "o1" } },
      "GET /v2/members/u1": { status: 403, json: { code: "forbidden", message: "no" } },
      "GET /v2/workbooks": { json: { entries: [{ workbookId: "w1", name: "Sales" }, { workbookId: "w2", name: "Ops" }], nextPage: null, total: 2 } },
      "GET /v2/teams/t0": { status: 404, json: { code: "not_found", message: "no such team", requestId: "r-1" } },
    }),
  );
});
afterAll(async () => {
  await server.close();
});
const env = () => ({ SIGMA_BASE_URL: server.url, SIGMA_CLIENT_ID: "c", SIGMA_CLIENT_SECRET: "release-cli-secret-1", NO_COLOR: "1" });

describe("one envelope for every --json document", () => {
  it("whoami: envelope keys first, in camelCase, then the command's fields", async () => {
    const r = await runCli(["whoami", "--json"], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, ENVELOPE.length)).toEqual(ENVELOPE);
    expect(doc).toMatchObject({ command: "whoami", outcome: "ok", exitCode: 0, userId: "u1", drift: [] });
    expect(Date.parse(doc.startedAt as string)).not.toBeNaN();
    for (const k of Object.keys(doc)) expect(k).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it("an error still prints the document: outcome error, error {type, message, hints}", async () => {
    const r = await runCli(["whoami", "--json"], { env: { NO_COLOR: "1" } });
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as { outcome: string; exitCode: number; error: { type: string; message: string; hints: string[] } };
    expect(doc).toMatchObject({ command: "whoami", outcome: "error", exitCode: 3 });
    expect(doc.error.type).toBe("ConfigError");
    expect(doc.error.message).toMatch(/client/i);
  });

  it("a usage error too", async () => {
    const r = await runCli(["whoami", "--no-such-flag", "--json"], { env: env() });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "error", exitCode: 3, error: { type: "UsageError" } });
  });
});

describe("api", () => {
  it("defaults to GET and filters with JMESPath (--query)", async () => {
    const r = await runCli(["api", "/v2/workbooks", "--query", "entries[].name"], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["Sales", "Ops"]);
  });

  it("prints the error body and exits 7 for a 4xx that was not retried", async () => {
    const r = await runCli(["api", "/v2/teams/t0"], { env: env() });
    expect(r.code).toBe(7);
    expect(JSON.parse(r.stdout)).toEqual({ code: "not_found", message: "no such team", requestId: "r-1" });
    const j = await runCli(["api", "-X", "GET", "/v2/teams/t0", "--json"], { env: env() });
    expect(JSON.parse(j.stdout)).toMatchObject({ command: "api", exitCode: 7, outcome: "error", status: 404, body: { code: "not_found" } });
  });

  it("refuses an invalid JMESPath expression before any request (exit 3)", async () => {
    const r = await runCli(["api", "/v2/workbooks", "--query", "entries[["], { env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/JMESPath/);
  });
});

describe("offline commands, config, completion", () => {
  it("lineage and upload neither show nor accept connection options", async () => {
    const r = await runCli(["lineage", "--base-url", "http://127.0.0.1:1"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown option '--base-url'/);
    const help = await runCli(["upload", "--help"]);
    expect(help.stdout).not.toMatch(/--base-url|--client-id/);
  });

  it("lineage -o out.svg is an error listing the formats (nothing written)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigmactl-svg-"));
    const r = await runCli(["lineage", "-d", dir, "-o", join(dir, "out.svg")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot write \.svg files/);
    expect(r.stderr).toMatch(/\.json, \.dot/);
    await expect(stat(join(dir, "out.svg"))).rejects.toThrow();
  });

  it("config init writes a commented file (0600, no secret) under XDG_CONFIG_HOME, and config show reads it back with origins", async () => {
    const xdg = await mkdtemp(join(tmpdir(), "sigmactl-xdg-"));
    const e = { XDG_CONFIG_HOME: xdg, NO_COLOR: "1" };
    const init = await runCli(["config", "init", "--cloud", "aws-eu", "--client-id", "cid-1", "--client-secret-file", join(xdg, "secret")], { env: e });
    expect(init.code, init.stderr).toBe(0);
    const path = join(xdg, "sigmactl", "config.yaml");
    const text = await readFile(path, "utf8");
    expect(text).toMatch(/^# sigmactl configuration/);
    expect(text).toContain('cloud: "aws-eu"');
    expect(text).not.toMatch(/clientSecret:/);
    expect((await stat(path)).mode & 0o077).toBe(0);
    const again = await runCli(["config", "init", "--cloud", "aws-eu", "--client-id", "x", "--client-secret-file", "s"], { env: e });
    expect(again.code).toBe(3);
    const show = await runCli(["config", "show", "--json"], { env: { ...e, SIGMA_CLIENT_SECRET: "shh-release-secret-2" } });
    const doc = JSON.parse(show.stdout) as { configFile: string; settings: Array<{ key: string; value: unknown; source: string }> };
    expect(doc.configFile).toBe(path);
    expect(doc.settings.find((s) => s.key === "cloud")).toMatchObject({ value: "aws-eu", source: "file" });
    expect(doc.settings.find((s) => s.key === "clientSecret")).toMatchObject({ value: "(set; hidden)", source: "env" });
    expect(show.stdout).not.toContain("shh-release-secret-2");
  });

  it("completion scripts are generated from the command table", async () => {
    const bash = await runCli(["completion", "bash"]);
    expect(bash.code).toBe(0);
    for (const c of COMMANDS) expect(bash.stdout).toContain(c.name);
    expect(bash.stdout).toMatch(/'materialize wait'\) words='--timeout/);
    expect(bash.stdout).toContain("complete -o default -F _sigmactl sigmactl");
    expect((await runCli(["completion", "zsh"])).stdout).toContain("bashcompinit");
    expect((await runCli(["completion", "fish"])).stdout).toMatch(/complete -c sigmactl -n '__fish_use_subcommand' -a materialize/);
  });

  it("--version names Node and the platform", async () => {
    const r = await runCli(["--version"]);
    expect(r.stdout).toContain(`node ${process.version}`);
    expect(r.stdout).toContain(`${process.platform}-${process.arch}`);
  });

  it("the command table: one line per command; argv picks the one module to load", () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    expect(invokedCommand(["--version"])).toBeUndefined();
    expect(invokedCommand(["--base-url", "whoami", "extract"])).toBe("extract");
    expect(invokedCommand(["help", "materialize"])).toBe("materialize");
    expect(COMMANDS.filter((c) => c.online).map((c) => c.name).sort()).toEqual(["api", "extract", "impact", "materialize", "serve", "whoami"]);
  });
});

describe("human output fits the terminal", () => {
  it("summary tables fit 80 columns, ids cut in the middle", () => {
    const id = "8f3c1a2b-4d5e-4f60-9a7b-0c1d2e3f4a5b-with-a-long-suffix";
    const t = renderTable(["DOCUMENT", "ELEMENT", "JOB"], [["A very long workbook name indeed", "Revenue by region and quarter", id]], undefined, { cut: ["end", "end", "middle"] });
    for (const line of t.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(t).toContain("8f3c");
    expect(t).toContain("suffix");
    expect(middleTruncate("abcdefghij", 5)).toBe("ab…ij");
  });

  it("the live view never draws more lines than the terminal has (13 jobs, 10 rows)", () => {
    const cap = captureContext({ tty: true, env: { NO_COLOR: "1" } });
    cap.ctx.stderrRows = 10;
    const out = createOutput(cap.ctx, {});
    const view = createProgressView(cap.ctx, out, { interactive: true, quiet: false });
    const jobs = Array.from({ length: 13 }, (_, i) => ({
      kind: "workbook", documentId: `d${i}`, documentName: `Doc ${i}`, elementName: `El ${i}`, elementId: null, sheetId: `s${i}`,
      materializationId: null, jobRef: null, status: "queued", sigmaStatus: null, attached: false, triggeredAt: null, startedAt: null,
      readyAt: null, endObservedAt: null, durationMs: null, error: null,
    })) as JobRecord[];
    view.onEvent({ type: "planned", jobs, skipped: [] });
    view.stop();
    // eslint-disable-next-line no-control-regex -- the live view's cursor codes
    const frames = cap.stderr().split(/\u001b\[\d*G|\u001b\[2K|\u001b\[1A/).join("");
    const last = frames.slice(frames.lastIndexOf("Doc 0") - 2);
    expect(last.trimEnd().split("\n").length).toBeLessThanOrEqual(9);
    expect(cap.stderr()).toMatch(/… and \d+ more/);
  });

  it("TERM=dumb: no live redraws and no colour, even on a terminal (plain lines instead)", () => {
    const dumb = captureContext({ tty: true, env: { TERM: "dumb" } });
    expect(isInteractive(dumb.ctx)).toBe(false);
    expect(colorEnabled(dumb.ctx.env, true)).toBe(false);
    const smart = captureContext({ tty: true, env: { TERM: "xterm-256color" } });
    expect(isInteractive(smart.ctx)).toBe(true);
    expect(colorEnabled(smart.ctx.env, true)).toBe(true);
  });
});
