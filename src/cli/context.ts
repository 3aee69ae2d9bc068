/**
 * What a command runs with: streams, environment and a shutdown signal (`main.ts` builds one
 * from the real process; `test/helpers/run-cli.ts` one that captures everything, so commands
 * never touch `process` and run in-process in tests), the global options, and the one way a
 * command gets an authenticated SigmaClient.
 */
import { resolve as resolvePath } from "node:path";
import type { Command } from "commander";
import { SigmaClient, type SigmaClientOptions } from "../client/client.js";
import { resolveConfig } from "../client/config.js";
import type { Logger } from "../client/logger.js";
import { createCliLogger } from "./output.js";
import { packageVersion } from "./version.js";
import type { RunReport } from "./json-envelope.js";

/** Somewhere text can be written (process.stdout, or a capture buffer in tests). */
export interface TextSink {
  write(text: string): void;
}

/** Streams, environment and lifecycle of one CLI invocation. */
export interface CliContext {
  /** The result of the command (JSON with --json, or human text). Nothing else. */
  stdout: TextSink;
  /** Progress, logs, warnings and errors. */
  stderr: TextSink;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Width of the terminal behind stderr, when it is one (live views fit their lines to it). */
  stderrColumns?: number | undefined;
  /** Height of that terminal: a live view never draws more lines than fit (else it floods the scrollback). */
  stderrRows?: number | undefined;
  /** Environment variables (commands never read `process.env`: tests pass their own). */
  env: Record<string, string | undefined>;
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  /** Reads all of standard input (for `--input -`). */
  readStdin(): Promise<string>;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop when it fires. Its reason's `signal` names the signal. */
  signal: AbortSignal;
  /** Asks a question on the terminal (undefined when stdin is not one: commands then need flags). */
  prompt?: ((question: string) => Promise<string>) | undefined;
  /** What this invocation collects for its --json document (created by runSigmactl). */
  report?: RunReport | undefined;
}

/** The options every command accepts (declared once in program.ts). */
export interface GlobalOptions {
  baseUrl?: string | undefined;
  cloud?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  clientSecretFile?: string | undefined;
  config?: string | undefined;
  json: boolean;
  verbose: boolean;
  quiet: boolean;
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
}

/** Reads the global options as seen from a (sub)command's action. */
export function globalOptionsOf(command: Command): GlobalOptions {
  const o = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    baseUrl: o.baseUrl,
    cloud: o.cloud,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    clientSecretFile: o.clientSecretFile,
    config: o.config,
    json: o.json === true,
    verbose: o.verbose === true,
    quiet: o.quiet === true,
    concurrency: o.concurrency,
    timeoutMs: o.timeoutMs,
  };
}

/** Extra client settings a command may add (its own logger, a signal, an injected fetch in tests). */
export interface ClientExtras {
  logger?: Logger | undefined;
  signal?: AbortSignal | undefined;
  fetch?: SigmaClientOptions["fetch"];
}

/**
 * Resolves the configuration (flags > environment > config file) and builds a SigmaClient.
 * Configuration warnings are printed to stderr; the client logs through `extras.logger`
 * (default: a stderr logger at the level --quiet/--verbose ask for) and stops when
 * `extras.signal` (default ctx.signal, i.e. SIGINT/SIGTERM) aborts.
 * @throws ConfigError listing every problem (missing credentials, unknown cloud, ...)
 */
export function createClientFromOptions(g: GlobalOptions, ctx: CliContext, extras: ClientExtras = {}): SigmaClient {
  const logger = extras.logger ?? createCliLogger(ctx, g);
  const config = resolveConfig({
    flags: {
      baseUrl: g.baseUrl,
      cloud: g.cloud,
      clientId: g.clientId,
      clientSecret: g.clientSecret,
      clientSecretFile: g.clientSecretFile === undefined ? undefined : resolvePath(ctx.cwd, g.clientSecretFile),
      timeoutMs: g.timeoutMs,
      concurrency: g.concurrency,
    },
    env: ctx.env,
    configFile: g.config === undefined ? undefined : resolvePath(ctx.cwd, g.config),
    homeDir: ctx.env.HOME,
  });
  for (const w of config.warnings) logger.warn(w);
  if (config.configFile) logger.debug(`config file: ${config.configFile}`);
  logger.debug(`API host: ${config.baseUrl}${config.cloud ? ` (${config.cloud})` : ""}`);
  return new SigmaClient({
    ...config,
    logger,
    signal: extras.signal ?? ctx.signal,
    fetch: extras.fetch,
    userAgent: `sigmactl/${packageVersion()}`,
  });
}
