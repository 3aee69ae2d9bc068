/**
 * The explicit list of sigmactl's commands: name, one-line summary, whether it talks to Sigma
 * (online commands get the connection options), and how to load its module. Only the module of
 * the command being run is imported, so `--version`, `--help` and light commands never load the
 * job engines. To add a command, write `commands/<name>.ts` exporting `register(program, ctx)`
 * and add one line here.
 */
import type { Command } from "commander";
import type { CliContext } from "./context.js";

/** The shape of a command module in src/cli/commands/. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** One row of the command table. */
export interface CommandEntry {
  name: string;
  /** Shown in `sigmactl --help` without loading the module. */
  summary: string;
  /** Talks to a Sigma API: gets --base-url, --cloud, --client-id, ... (offline commands neither show nor accept them). */
  online: boolean;
  load(): Promise<CommandModule>;
}

/** Every command, one line each. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "materialize", summary: "refresh materializations and wait for them", online: true, load: () => import("./commands/materialize.js") },
  { name: "impact", summary: "what a changed table feeds: documents, elements and schedules", online: true, load: () => import("./commands/impact.js") },
  { name: "extract", summary: "extract metadata and lineage to JSON files", online: true, load: () => import("./commands/extract.js") },
  { name: "upload", summary: "upload extraction files to Coalesce Catalog", online: false, load: () => import("./commands/upload.js") },
  { name: "lineage", summary: "impact analysis and lineage graphs from an extraction, offline", online: false, load: () => import("./commands/lineage.js") },
  { name: "whoami", summary: "show who the API credentials belong to", online: true, load: () => import("./commands/whoami.js") },
  { name: "api", summary: "call any Sigma API path with your credentials", online: true, load: () => import("./commands/api.js") },
  { name: "serve", summary: "refresh Sigma when pipelines finish: webhooks, history and a web page", online: true, load: () => import("./commands/serve.js") },
  { name: "emulator", summary: "run the local Sigma API emulator", online: false, load: () => import("./commands/emulator.js") },
  { name: "demo", summary: "run every job against a built-in emulator", online: false, load: () => import("./commands/demo.js") },
  { name: "config", summary: "write or show the configuration (config init, config show)", online: false, load: () => import("./commands/config.js") },
  { name: "completion", summary: "print a shell completion script (bash, zsh or fish)", online: false, load: () => import("./commands/completion.js") },
];

/** The table entry of `name`, if it is a command. */
export function commandEntry(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
