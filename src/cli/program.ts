/**
 * Builds the sigmactl commander program: global options, then one command per file.
 *
 * HOW TO ADD A COMMAND (materialize, extract, upload, ...):
 *   1. Create `src/cli/commands/<name>.ts` exporting
 *        export function register(program: Command, ctx: CliContext): void
 *      which declares `program.command("<name>")...` with options, a description, examples via
 *      `.addHelpText("after", examples([...]))` and an async `.action()`.
 *   2. In the action: `const g = globalOptionsOf(cmd)` (context.ts), `const out = createOutput(ctx, g)`
 *      (output.ts), `const client = await createClientFromOptions(g, ctx)` (context.ts); do the work;
 *      finish with `out.result(data, () => humanText)`. Progress goes to `out.info`, never stdout.
 *   3. Throw UserError/ConfigError for user mistakes (exit 3), JobFailedError (1), JobTimeoutError (2);
 *      API errors propagate as they are. Never call process.exit; stop long work when ctx.signal aborts.
 *   4. Import heavy modules (the emulator, a job's engine) lazily inside the action: every command
 *      file is loaded at start-up.
 * Files in commands/ are discovered at start-up, in name order; a file without `register` is a
 * helper (e.g. `materialize-render.ts`) and is skipped. No central list to edit.
 */
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";
import { redact } from "../redact.js";
import type { CliContext } from "./context.js";
import { packageVersion } from "./version.js";

/** The exit-code table (exit-codes.ts) in one line, for help texts. */
export const EXIT_CODES_HELP =
  "0 success, 1 some work failed, 2 timed out, 3 usage or configuration, 4 authentication or permission, 5 API or network, 6 local file error (disk full, quota, read-only), 70 internal bug";

/** The shape of a command module in src/cli/commands/. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** Parses a positive integer option value; commander turns the throw into a usage error (exit 3). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError("It must be a whole number, 1 or more.");
  return n;
}

/** Formats the "Examples:" block for addHelpText("after", ...). */
export function examples(lines: Array<[command: string, what: string]>): string {
  return `\nExamples:\n${lines.map(([c, w]) => `  # ${w}\n  $ ${c}\n`).join("")}`;
}

const COMMAND_FILE = /^[a-z0-9-]+\.(ts|js)$/;

/** Imports every command module in src/cli/commands/ (sorted by file name). */
export async function loadCommandModules(): Promise<CommandModule[]> {
  const dir = new URL("./commands/", import.meta.url);
  const files = (await readdir(fileURLToPath(dir))).filter((f) => COMMAND_FILE.test(f) && !f.endsWith(".d.ts")).sort();
  const modules: CommandModule[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, dir).href)) as Partial<CommandModule>;
    if (typeof mod.register === "function") modules.push(mod as CommandModule);
  }
  return modules;
}

/** Declares the options every command accepts (read back with globalOptionsOf). */
function addGlobalOptions(program: Command): void {
  program
    .option("--base-url <url>", "Sigma API base URL, e.g. https://aws-api.sigmacomputing.com or an emulator URL (default: $SIGMA_BASE_URL)")
    .option("--cloud <name>", "Sigma cloud instead of --base-url: aws-us, aws-eu, gcp-us, azure-us, ... (default: $SIGMA_CLOUD)")
    .option("--client-id <id>", "API client id (default: $SIGMA_CLIENT_ID)")
    .option("--client-secret <secret>", "API client secret; visible to other local users, prefer $SIGMA_CLIENT_SECRET or --client-secret-file")
    .option("--client-secret-file <file>", "read the API client secret from a file (default: $SIGMA_CLIENT_SECRET_FILE)")
    .option("--config <file>", "YAML or JSON file with baseUrl/cloud/clientId/clientSecretFile... (default: $SIGMA_CONFIG or ~/.config/sigmactl/config.yaml)")
    .option("--json", "print the result as one JSON document on stdout")
    .addOption(new Option("--verbose", "also log every request and details to stderr").conflicts("quiet"))
    .option("--quiet", "only print warnings and errors on stderr")
    .option("--concurrency <n>", "maximum parallel API requests (default: 8; materialize triggers 4 jobs at a time)", positiveInt)
    .option("--timeout-ms <ms>", "timeout of each API request, in milliseconds (default: 60000)", positiveInt);
}

/** Help for a subcommand lists only the program-wide options as global, not its parent command's own flags. */
function rootOptions(cmd: Command): Option[] {
  let root = cmd;
  while (root.parent) root = root.parent;
  return cmd === root ? [] : root.options.filter((o) => !o.hidden);
}

/** Builds the program with output wired to `ctx` and commander's own exits turned into throws. */
export async function buildProgram(ctx: CliContext, modules?: CommandModule[]): Promise<Command> {
  const program = new Command("sigmactl");
  program
    .description("Operate Sigma Computing from the command line: refresh materializations, extract metadata and lineage, and run a local Sigma API emulator.")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      // Commander's messages can quote argument values, which may be secrets.
      writeErr: (s) => ctx.stderr.write(redact(s)),
    })
    .showHelpAfterError("hint: add --help for usage")
    .configureHelp({ sortSubcommands: true, showGlobalOptions: true, visibleGlobalOptions: rootOptions })
    .addHelpText(
      "after",
      examples([
        ["sigmactl demo", "see every job run against a built-in emulator, no account needed"],
        ["export SIGMA_CLOUD=aws-us SIGMA_CLIENT_ID=... SIGMA_CLIENT_SECRET=...; sigmactl whoami", "check your credentials"],
        ['sigmactl materialize --workbook "Sales Overview"', "refresh a workbook's materializations after a pipeline run"],
        ["sigmactl extract -o ./sigma", "extract metadata and lineage"],
      ]) + `\nExit codes: ${EXIT_CODES_HELP}.\nRun 'sigmactl <command> --help' for a command's options and examples.\n`,
    );
  addGlobalOptions(program);
  for (const mod of modules ?? (await loadCommandModules())) mod.register(program, ctx);
  return program;
}
