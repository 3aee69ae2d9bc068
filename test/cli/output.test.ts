import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { colorEnabled, createOutput } from "../../src/cli/output.js";
import { reportOf } from "../../src/cli/json-envelope.js";
import type { CommandModule } from "../../src/cli/command-table.js";
import { runCli } from "../helpers/run-cli.js";
import { renderPairs, renderTable } from "../../src/cli/table.js";
import type { CliContext } from "../../src/cli/context.js";
import { clearSecrets, registerSecret } from "../../src/redact.js";
import { captureContext } from "../helpers/run-cli.js";

/** A captured context with exactly `env` (no defaults). */
function capture(env: CliContext["env"] = {}) {
  const c = captureContext({ env });
  return { ctx: { ...c.ctx, env }, out: c.stdout, err: c.stderr };
}

describe("output", () => {
  it("decides colour from FORCE_COLOR, NO_COLOR, TERM and the TTY", () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "" }, true)).toBe(true);
    expect(colorEnabled({ TERM: "dumb" }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: "1", NO_COLOR: "1" }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: "0" }, false)).toBe(false);
  });

  it("prints the result on stdout (JSON with --json) and logs on stderr by level", () => {
    const human = capture();
    const o = createOutput(human.ctx, {});
    o.info("working");
    o.debug("details");
    o.result({ a: 1 }, () => "a is 1\n");
    expect(human.out()).toBe("a is 1\n");
    expect(human.err()).toBe("working\n");

    const machine = capture();
    const j = createOutput(machine.ctx, { json: true, verbose: true });
    j.debug("details");
    j.result({ a: 1 }, () => "a is 1\n");
    // With --json the fields wait for the exit code: runSigmactl prints the one envelope (json-envelope.ts).
    expect(machine.out()).toBe("");
    expect(reportOf(machine.ctx).fields).toEqual({ a: 1 });
    expect(machine.err()).toBe("debug: details\n");

    const quiet = capture();
    const q = createOutput(quiet.ctx, { quiet: true });
    q.info("working");
    q.warn("careful");
    expect(quiet.err()).toBe("warn: careful\n");
  });

  it("redacts registered secrets on both streams", async () => {
    registerSecret("very-secret-value-42");
    try {
      const leaky: CommandModule = {
        register: (program, ctx) =>
          void program.command("leak").action((_o: unknown, cmd: Command) => {
            const o = createOutput(ctx, { json: cmd.optsWithGlobals<{ json?: boolean }>().json });
            o.warn("leaked very-secret-value-42");
            o.result({ note: "very-secret-value-42" });
          }),
      };
      const c = await runCli(["leak", "--json"], { commands: [leaky] });
      expect(c.stdout + c.stderr).not.toContain("very-secret-value-42");
      expect(c.stdout).toContain("[REDACTED]");
      expect(JSON.parse(c.stdout)).toMatchObject({ command: "leak", outcome: "ok", exitCode: 0, warnings: ["leaked [REDACTED]"] });
    } finally {
      clearSecrets();
    }
  });

  it("renders borderless tables and aligned pairs without trailing spaces", () => {
    const table = renderTable(["name", "rows"], [["orders", 12], ["customers", null]]);
    expect(table.split("\n").map((l) => l.trimEnd())).toEqual(table.split("\n"));
    expect(table).toMatch(/^name\s+rows\norders\s+12\ncustomers\s+-\n$/);
    expect(renderPairs([["user", "ann"], ["organization", "o1"]])).toBe("user          ann\norganization  o1\n");
  });
});
