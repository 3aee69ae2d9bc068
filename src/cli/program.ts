/**
 * Builds the sigmactl commander program: the options every command shares, then the commands of
 * the explicit command table (command-table.ts).
 *
 * HOW TO ADD A COMMAND (materialize, extract, upload, ...):
 *   1. Create `src/cli/commands/<name>.ts` exporting
 *        export function register(program: Command, ctx: CliContext): void
 *      which declares `program.command("<name>")...` with options, a description, examples via
 *      `.addHelpText("after", examples([...]))` and an async `.action()`.
 *   2. Add one line to COMMANDS in command-table.ts (`online: true` if it talks to Sigma: it then
 *      gets --base-url, --cloud, --client-id, ...).
 *   3. In the action: `const g = globalOptionsOf(cmd)` (context.ts), `const out = createOutput(ctx, g)`
 *      (output.ts), `const client = await createClientFromOptions(g, ctx)` (context.ts); do the work;
 *      finish with `out.result(data, () => humanText)` (with --json, run.ts wraps `data` in the
 *      common envelope). Progress goes to `out.info`, never stdout.
 *   4. Throw UserError/ConfigError for user mistakes (exit 3), JobFailedError (1), JobTimeoutError (2);
 *      API errors propagate as they are. Never call process.exit; stop long work when ctx.signal aborts.
 * Only the module of the command being run is loaded (help lists the others from the table).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { redact } from "../redact.js";
import { COMMANDS, type CommandModule } from "./command-table.js";
import type { CliContext } from "./context.js";
import { packageVersion } from "./version.js";

export type { CommandModule } from "./command-table.js";

/** Registers a module and gives the commands it added the connection options. */
function registerOnline(program: Command, ctx: CliContext, mod: CommandModule): void {
  const before = new Set(program.commands);
  mod.register(program, ctx);
  for (const cmd of program.commands) if (!before.has(cmd)) addConnectionOptions(cmd);
}

/** The exit-code table (exit-codes.ts) in one line, for help texts. */
export const EXIT_CODES_HELP =
  "0 success, 1 some work failed, 2 timed out, 3 usage or configuration, 4 authentication or permission, 5 API or network, 6 local file error (disk full, quota, read-only), 70 internal bug";

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

/** Options with a value, so the word after them is not taken for the command name. */
const VALUE_OPTIONS = new Set(["--base-url", "--cloud", "--client-id", "--client-secret", "--client-secret-file", "--config", "--concurrency", "--timeout-ms"]);

/** The command an argv runs (`help X` runs X's help), or undefined for the root (`--help`, `--version`). */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    if (a.startsWith("-")) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  return words[0] === "help" ? words[1] : words[0];
}

/** Imports every command module of the table (completion, help tests). */
export async function loadCommandModules(): Promise<CommandModule[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}

/** Attribute names of the connection options (online commands only). */
export const CONNECTION_OPTIONS = new Set(["baseUrl", "cloud", "clientId", "clientSecret", "clientSecretFile", "config", "concurrency", "timeoutMs"]);

/** Adds the options that say where Sigma is and who calls it, except those the command declares itself (extract's castor `-c`). */
export function addConnectionOptions(cmd: Command): void {
  const options = [
    new Option("--base-url <url>", "Sigma API base URL, e.g. https://aws-api.sigmacomputing.com or an emulator URL (default: $SIGMA_BASE_URL)"),
    new Option("--cloud <name>", "Sigma cloud instead of --base-url: aws-us, aws-eu, gcp-us, azure-us, ... (default: $SIGMA_CLOUD)"),
    new Option("--client-id <id>", "API client id (default: $SIGMA_CLIENT_ID)"),
    new Option("--client-secret <secret>", "API client secret; visible to other local users, prefer $SIGMA_CLIENT_SECRET or --client-secret-file"),
    new Option("--client-secret-file <file>", "read the API client secret from a file (default: $SIGMA_CLIENT_SECRET_FILE)"),
    new Option(
      "--config <file>",
      "YAML or JSON file with baseUrl/cloud/clientId/clientSecretFile... (default: $SIGMA_CONFIG or $XDG_CONFIG_HOME/sigmactl/config.yaml, i.e. ~/.config/...)",
    ),
    new Option("--concurrency <n>", "maximum parallel API requests (default: 8; materialize triggers 4 jobs at a time)").argParser(positiveInt),
    new Option("--timeout-ms <ms>", "timeout of each API request, in milliseconds (default: 60000)").argParser(positiveInt),
  ];
  for (const o of options) if (!cmd.options.some((own) => own.long === o.long)) cmd.addOption(o);
}

/** Declares the options every command accepts, online or not (read back with globalOptionsOf). */
function addGlobalOptions(program: Command): void {
  program
    .option("--json", "print the result as one JSON document on stdout (the same envelope for every command, errors included)")
    .addOption(new Option("--verbose", "also log every request and details to stderr").conflicts("quiet"))
    .option("--quiet", "only print warnings and errors on stderr");
}

/** Help for a subcommand lists the program-wide and connection options as global, not its parent command's own flags. */
function rootOptions(cmd: Command): Option[] {
  const out: Option[] = [];
  for (let c = cmd.parent; c; c = c.parent) {
    const root = c.parent === null;
    out.push(...c.options.filter((o) => !o.hidden && (root || CONNECTION_OPTIONS.has(o.attributeName()))));
  }
  return out;
}

/** Node version and platform after ours: what a bug report needs. */
export function versionLine(): string {
  return `sigmactl ${packageVersion()} (node ${process.version}; ${process.platform}-${process.arch})`;
}

/**
 * Builds the program with output wired to `ctx` and commander's own exits turned into throws.
 * With `argv`, only the module of the command it runs is loaded (the others are listed from the
 * command table); without, every command is loaded. `modules` replaces the table (tests of the core).
 */
export async function buildProgram(ctx: CliContext, modules?: CommandModule[], argv?: readonly string[]): Promise<Command> {
  const program = new Command("sigmactl");
  program
    .description("Operate Sigma Computing from the command line: refresh materializations, extract metadata and lineage, and run a local Sigma API emulator.")
    .version(versionLine(), "-V, --version", "print the version, with Node's version and the platform")
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
  if (modules) {
    for (const mod of modules) registerOnline(program, ctx, mod);
    return program;
  }
  const invoked = argv === undefined ? undefined : invokedCommand(argv);
  for (const entry of COMMANDS) {
    if (argv === undefined || entry.name === invoked) {
      const mod = await entry.load();
      if (entry.online) registerOnline(program, ctx, mod);
      else mod.register(program, ctx);
    } else {
      // Listed in the root help without loading its module; never run (argv names another command).
      program.command(entry.name).summary(entry.summary).description(entry.summary);
    }
  }
  return program;
}
