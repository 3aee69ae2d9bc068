/**
 * Runs one sigmactl invocation against a CliContext and returns the exit code, without ever
 * exiting: main.ts calls it with the real process, tests call it in-process.
 */
import pc from "picocolors";
import { CommanderError } from "commander";
import { ExitCode } from "./exit-codes.js";
import { buildProgram, type CommandModule } from "./program.js";
import { colorEnabled } from "./output.js";
import { renderError } from "./render-error.js";
import type { CliContext } from "./context.js";

/** Commander exits that are not failures (help or version was asked for). */
const CLEAN_EXITS = new Set(["commander.helpDisplayed", "commander.version"]);

/** Options of {@link runSigmactl}. */
export interface RunOptions {
  /** Use these command modules instead of the ones discovered in commands/ (tests of the core). */
  commands?: CommandModule[] | undefined;
}

/** Parses `argv` (without node and script), runs the command, renders any error; resolves to the exit code. */
export async function runSigmactl(argv: string[], ctx: CliContext, options: RunOptions = {}): Promise<ExitCode> {
  try {
    const program = await buildProgram(ctx, options.commands);
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.Success;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message (unknown option, missing argument, help...).
      return CLEAN_EXITS.has(err.code) ? ExitCode.Success : ExitCode.Usage;
    }
    // The program may not have parsed, so read --verbose from argv directly.
    const verbose = argv.includes("--verbose");
    const colors = pc.createColors(colorEnabled(ctx.env, ctx.stderrIsTTY));
    const rendered = renderError(err, { verbose, colors });
    ctx.stderr.write(rendered.text);
    return rendered.code;
  }
}
