/**
 * `--help` of every command and subcommand: a description, an explained option list, and an
 * "Examples:" section whose flags really exist on the command they are shown for.
 */
import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/program.js";
import { captureContext, runCli } from "../helpers/run-cli.js";

/** Every command below the root, with its path (`materialize wait`). */
function allCommands(root: Command): Array<{ path: string[]; cmd: Command }> {
  const out: Array<{ path: string[]; cmd: Command }> = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      out.push({ path: [...path, sub.name()], cmd: sub });
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(root, []);
  return out;
}

/** The flags an example command line uses, per `sigmactl` invocation in it (pipes, `&&`, xargs). */
function exampleInvocations(help: string): string[][] {
  const lines = help.slice(help.indexOf("\nExamples:")).split("\n").filter((l) => l.trimStart().startsWith("$ "));
  const out: string[][] = [];
  for (const line of lines) {
    const tokens = line.replace(/^\s*\$ /, "").split(/\s+/);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i] !== "sigmactl") continue;
      const rest: string[] = [];
      for (let j = i + 1; j < tokens.length && !/^(\||>|&&|;|&|2>)/.test(tokens[j] as string); j++) rest.push(tokens[j] as string);
      out.push(rest);
    }
  }
  return out;
}

function knows(cmd: Command, flag: string): boolean {
  for (let c: Command | null = cmd; c; c = c.parent) {
    if (c.options.some((o) => o.long === flag || o.short === flag)) return true;
    if (flag === "--help" || flag === "-h") return true;
  }
  return false;
}

describe("help texts", async () => {
  const { ctx } = captureContext();
  const program = await buildProgram(ctx);
  const commands = allCommands(program).filter(({ cmd }) => cmd.name() !== "help");

  it("the root help lists every command with a one-line summary, examples and the exit codes", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const { path, cmd } of commands.filter((c) => c.path.length === 1)) {
      const summary = cmd.summary() || cmd.description();
      expect(summary, path.join(" ")).not.toBe("");
      expect(r.stdout).toContain(`  ${path[0]}`);
    }
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toMatch(/Exit codes: 0 success, 1 .*, 2 .*, 3 .*, 4 .*, 5 .*, 6 .*, 70 /);
  });

  it.each(commands.map((c) => [c.path.join(" "), c] as const))("%s --help: description, explained options, examples", async (_name, { path, cmd }) => {
    const r = await runCli([...path, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(cmd.description()).not.toBe("");
    for (const o of cmd.options) expect(o.description, `${path.join(" ")} ${o.flags}`).not.toBe("");
    expect(r.stdout, `${path.join(" ")} has no examples`).toContain("\nExamples:\n");
    const invocations = exampleInvocations(r.stdout);
    expect(invocations.length).toBeGreaterThan(0);
    for (const argv of invocations) {
      // Resolve the command the example runs, then check every flag it passes exists there.
      let target: Command = program;
      for (const t of argv) {
        const sub = t.startsWith("-") ? undefined : target.commands.find((c) => c.name() === t);
        if (sub) target = sub;
      }
      for (const flag of argv.filter((t) => /^--?[a-zA-Z]/.test(t)).map((t) => t.split("=")[0] as string)) {
        expect(knows(target, flag), `example "sigmactl ${argv.join(" ")}": ${target.name()} has no ${flag}`).toBe(true);
      }
    }
  });

  it("a subcommand's help lists only the program-wide options as global, not its parent's flags", async () => {
    const r = await runCli(["materialize", "wait", "--help"]);
    const global = r.stdout.slice(r.stdout.indexOf("Global Options:"), r.stdout.indexOf("\nExamples:"));
    expect(global).toContain("--base-url");
    expect(global).not.toContain("--workbook");
    expect(global).not.toContain("--dry-run");
  });

  it("options with a default say what it is", async () => {
    const r = await runCli(["emulator", "--help"]);
    expect(r.stdout).toMatch(/--port <port>\s+port to listen on; 0 picks a free port\s+\(default: 0\)/);
    expect(r.stdout).not.toContain('(default: "');
    const m = await runCli(["materialize", "--help"]);
    expect(m.stdout).toMatch(/--timeout <duration>[^]*\(default: 1h\)/);
    expect(m.stdout).toMatch(/--timeout-ms <ms>[^]*\(default: 60000\)/);
  });
});
