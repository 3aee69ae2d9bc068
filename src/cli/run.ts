/**
 * Runs one sigmactl invocation against a CliContext and returns the exit code, without ever
 * exiting: main.ts calls it with the real process, tests call it in-process. With --json it
 * prints the command's one document (json-envelope.ts) once the exit code is known, failures
 * and interruptions included.
 */
import pc from "picocolors";
import { CommanderError, type Command } from "commander";
import { ExitCode, signalExitCode } from "./exit-codes.js";
import { buildProgram, invokedCommand } from "./program.js";
import type { CommandModule } from "./command-table.js";
import { colorEnabled, formatJson } from "./output.js";
import { errorInfo, renderError } from "./render-error.js";
import { buildEnvelope, RunReport, type JsonErrorInfo } from "./json-envelope.js";
import type { CliContext } from "./context.js";
import { redact } from "../redact.js";

/** Commander exits that are not failures (help or version was asked for). */
const CLEAN_EXITS = new Set(["commander.helpDisplayed", "commander.version"]);

/** Options of {@link runSigmactl}. */
export interface RunOptions {
  /** Use these command modules instead of the command table (tests of the core). */
  commands?: CommandModule[] | undefined;
}

/** `materialize wait` for the subcommand an action belongs to. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Parses `argv` (without node and script), runs the command, renders any error; resolves to the exit code. */
export async function runSigmactl(argv: string[], outer: CliContext, options: RunOptions = {}): Promise<ExitCode> {
  const report = new RunReport();
  report.json = argv.includes("--json");
  report.command = invokedCommand(argv) ?? "";
  const ctx: CliContext = { ...outer, report };
  let code: ExitCode = ExitCode.Success;
  let error: JsonErrorInfo | undefined;
  try {
    const program = await buildProgram(ctx, options.commands, argv);
    program.hook("preAction", (_root, action) => {
      report.command = commandPath(action);
      report.json = action.optsWithGlobals<{ json?: boolean }>().json === true;
    });
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message (unknown option, missing argument, help...).
      if (CLEAN_EXITS.has(err.code)) return ExitCode.Success;
      code = ExitCode.Usage;
      error = { type: "UsageError", message: redact(err.message.replace(/^error: /, "")), hints: ["add --help for usage"] };
    } else {
      // The program may not have parsed, so read --verbose from argv directly.
      const verbose = argv.includes("--verbose");
      const colors = pc.createColors(colorEnabled(ctx.env, ctx.stderrIsTTY));
      const rendered = renderError(err, { verbose, colors });
      ctx.stderr.write(rendered.text);
      code = rendered.code;
      error = errorInfo(err);
    }
  }
  // A run cut short by a signal exits 130 (SIGINT) or 143 (SIGTERM), and its document says so.
  const interrupted = ctx.signal.aborted && code !== ExitCode.Success;
  if (interrupted) code = signalExitCode(ctx.signal);
  // Commands that print their own protocol (emulator, completion) hand over no fields: only their failures get a document.
  if (report.json && (report.fields !== undefined || error !== undefined)) {
    const doc = buildEnvelope(report, { exitCode: code, outcome: interrupted ? "interrupted" : error && !report.complete ? "error" : undefined, error });
    ctx.stdout.write(redact(formatJson(doc)));
  }
  return code;
}
