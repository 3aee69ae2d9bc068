import { afterEach, describe, expect, it } from "vitest";
import type { Command } from "commander";
import {
  AuthenticationError,
  ConfigError,
  JobFailedError,
  JobTimeoutError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  SigmaConnectionError,
  UserError,
} from "../../src/errors.js";
import { clearSecrets, registerSecret } from "../../src/redact.js";
import type { CommandModule } from "../../src/cli/program.js";
import { runCli } from "../helpers/run-cli.js";

/** A command module whose action throws `err` (the core's rendering is what is under test). */
function throwing(err: unknown): CommandModule {
  return {
    register(program: Command) {
      program.command("boom").action(() => {
        throw err;
      });
    },
  };
}

const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;
const request = { method: "GET", path: "/v2/workbooks" };

afterEach(() => clearSecrets());

describe("commander usage errors", () => {
  it("exits 3 on an unknown option, without a stack", async () => {
    const r = await runCli(["whoami", "--bogus"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
    expect(r.stderr).toContain("hint: add --help for usage");
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe("");
  });

  it("exits 3 on an unknown command and suggests the closest one", async () => {
    const r = await runCli(["whoamj"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("unknown command 'whoamj'");
    expect(r.stderr).toContain("whoami");
  });

  it("exits 3 on a missing argument", async () => {
    const r = await runCli(["api"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("missing required argument 'path'");
  });

  it("exits 3 on an invalid global option value", async () => {
    const r = await runCli(["whoami", "--concurrency", "lots"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error: option '--concurrency <n>' argument 'lots' is invalid. It must be a whole number, 1 or more.");
  });

  it("prints help and version on stdout with exit 0", async () => {
    const help = await runCli(["api", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: sigmactl api [options] <path> [path]");
    expect(help.stdout).toContain("Examples:");
    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^sigmactl \d+\.\d+\.\d+ \(node v\d+\.\d+\.\d+; [a-z0-9]+-[a-z0-9]+\)$/);
  });
});

describe("error rendering and exit codes", () => {
  it("renders a missing configuration as a usage error (3) naming the flag and the variable", async () => {
    const r = await runCli(["whoami"], { env: {} });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: invalid configuration:/);
    expect(r.stderr).toContain("SIGMA_CLIENT_ID");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("prints a UserError's suggestions as hint lines", async () => {
    const r = await runCli(["boom"], { commands: [throwing(new UserError("no such workbook 'Sales'", { suggestions: ["did you mean 'Sales 2024'?"] }))] });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("error: no such workbook 'Sales'\nhint: did you mean 'Sales 2024'?\n");
  });

  const cases: Array<[string, unknown, number, RegExp]> = [
    ["ConfigError", new ConfigError("bad config"), 3, /^error: bad config\n$/],
    ["AuthenticationError", new AuthenticationError({ status: 401, code: "unauthorized", request }), 4, /^error: authentication failed: GET \/v2\/workbooks failed with 401 unauthorized\nhint: check the client id/],
    ["PermissionDeniedError", new PermissionDeniedError({ status: 403, request }), 4, /^error: permission denied: /],
    ["NotFoundError", new NotFoundError({ status: 404, request }), 5, /^error: GET \/v2\/workbooks failed with 404\nhint: check the id/],
    ["ServerError", new ServerError({ status: 503, request }), 5, /^error: GET \/v2\/workbooks failed with 503\n$/],
    ["SigmaConnectionError", new SigmaConnectionError({ request, message: "connection refused" }), 5, /^error: GET \/v2\/workbooks: connection refused\nhint: check --base-url/],
    ["JobFailedError", new JobFailedError("2 of 5 materializations failed"), 1, /^error: 2 of 5 materializations failed\n$/],
    ["JobTimeoutError", new JobTimeoutError("deadline of 60s passed"), 2, /^error: deadline of 60s passed\n$/],
  ];
  it.each(cases)("%s exits %i with a one-line message and no stack", async (_name, err, code, text) => {
    const r = await runCli(["boom"], { commands: [throwing(err)] });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(text);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("treats anything else as an internal error (70) with the stack and a request to report it", async () => {
    const r = await runCli(["boom"], { commands: [throwing(new TypeError("cannot read properties of undefined"))] });
    expect(r.code).toBe(70);
    expect(r.stderr).toContain("internal error (a bug in sigmactl): cannot read properties of undefined");
    expect(r.stderr).toMatch(STACK_LINE);
    expect(r.stderr).toContain("please report it");
  });

  it("shows causes and the stack of an expected error only with --verbose", async () => {
    const err = new SigmaConnectionError({ request, message: "connection refused", cause: new Error("ECONNREFUSED 127.0.0.1:9") });
    const quiet = await runCli(["boom"], { commands: [throwing(err)] });
    expect(quiet.stderr).not.toContain("ECONNREFUSED");
    const verbose = await runCli(["boom", "--verbose"], { commands: [throwing(err)] });
    expect(verbose.code).toBe(5);
    expect(verbose.stderr).toContain("caused by: Error: ECONNREFUSED 127.0.0.1:9");
    expect(verbose.stderr).toMatch(STACK_LINE);
  });

  it("redacts registered secrets and secret-looking fields from every error", async () => {
    registerSecret("s3cr3t-value-0123456789");
    const r = await runCli(["boom"], {
      commands: [throwing(new Error("token exchange sent client_secret=s3cr3t-value-0123456789 and Bearer abcdefghijklmnop"))],
    });
    expect(r.code).toBe(70);
    expect(r.stderr).not.toContain("s3cr3t-value-0123456789");
    expect(r.stderr).not.toContain("abcdefghijklmnop");
    expect(r.stderr).toContain("[REDACTED]");
  });

  it("uses colour on a terminal unless NO_COLOR is set", async () => {
    const mod = [throwing(new UserError("nope"))];
    const colored = await runCli(["boom"], { commands: mod, tty: true, env: {} });
    expect(colored.stderr).toContain("\u001b[31merror:");
    const plain = await runCli(["boom"], { commands: mod, tty: true, env: { NO_COLOR: "1" } });
    expect(plain.stderr).toBe("error: nope\n");
  });
});
