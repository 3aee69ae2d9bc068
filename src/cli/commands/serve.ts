/**
 * `sigmactl serve`: the webhook receiver as a service (src/serve). Reads the `serve:` section
 * of the config file, opens the database, listens, prints one JSON line `{"url": ...}` when
 * ready, and stops gracefully on SIGINT/SIGTERM (intake first, then Sigma waits; running jobs
 * are re-attached on the next start).
 */
import { homedir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { Option, type Command } from "commander";
import { loadConfigFile } from "../../client/config-file.js";
import { UserError } from "../../errors.js";
import { ensureDirectory } from "../../shared/ensure-directory.js";
import { createClientFromOptions, globalOptionsOf, type CliContext } from "../context.js";
import { examples } from "../program.js";

interface ServeFlags {
  host: string;
  port: string;
  db?: string;
  logFormat: "text" | "json";
  debounce?: string;
}

/** Default database: next to materialize's state file. */
function defaultDb(env: Record<string, string | undefined>): string {
  const dir = env.SIGMACTL_STATE_DIR ?? join(env.HOME ?? homedir(), ".local", "state", "sigmactl");
  return join(dir, "serve.db");
}

/** Registers `serve`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("serve")
    .summary("receive pipeline webhooks and refresh what they feed, with history and a web page")
    .description(
      "run the webhook receiver: dbt Cloud, Fivetran and generic (Rivery, any pipeline) hooks become refresh plans run in Sigma;\n" +
        "prints one JSON line {url} on stdout when ready; settings in the `serve:` section of the config file",
    )
    .addOption(new Option("--host <host>", "address to listen on (off loopback, serve.apiToken is required)").default("127.0.0.1"))
    .addOption(new Option("--port <port>", "port to listen on; 0 picks a free port").default("8787"))
    .option("--db <file>", "SQLite database of events, runs and jobs (default: ~/.local/state/sigmactl/serve.db)")
    .option("--debounce <duration>", "merge events arriving within this window into one plan, e.g. 2s (default: serve.debounce or 2s)")
    .addOption(new Option("--log-format <format>", "log lines on stderr").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      examples([
        ["sigmactl serve --config serve.yaml", "listen on 127.0.0.1:8787 with the hooks configured in serve.yaml"],
        ["sigmactl serve --config serve.yaml --port 0 --db ./serve.db --log-format json", "any free port, a local database, JSON logs"],
        [
          "TS=$(date +%s); BODY='{\"tables\":[\"PROD.SALES.ORDERS\"],\"source\":\"rivery\",\"runId\":\"42\"}'\n" +
            "  $ SIG=$(printf '%s.%s' \"$TS\" \"$BODY\" | openssl dgst -sha256 -hmac \"$SECRET\" -r | cut -d' ' -f1)\n" +
            "  $ curl -sS -X POST http://127.0.0.1:8787/hooks/generic -H 'content-type: application/json' -H \"X-Sigmactl-Timestamp: $TS\" -H \"X-Sigmactl-Signature-256: sha256=$SIG\" -d \"$BODY\"",
          "what a pipeline's last step sends (the generic hook)",
        ],
      ]) + "\nPage: <url>/ ; API: /api/events, /api/events/{id}, /api/runs/{id}, /api/impact?table=T ; /healthz ; /metrics (Prometheus).\n",
    )
    .action(async (flags: ServeFlags, cmd: Command) => {
      const g = globalOptionsOf(cmd);
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) throw new UserError(`--port must be a number from 0 to 65535, not ${flags.port}`);
      const { resolveServeConfig, startServe, createServeLogger } = await import("../../serve/index.js");
      const { parseServeDuration } = await import("../../serve/config.js");
      const file = loadConfigFile({ explicit: g.config === undefined ? undefined : resolvePath(ctx.cwd, g.config), env: ctx.env, home: ctx.env.HOME });
      const config = resolveServeConfig(file?.data.serve, file?.path);
      if (flags.debounce !== undefined) {
        try {
          config.debounceMs = parseServeDuration(flags.debounce);
        } catch {
          throw new UserError(`--debounce: not a duration: ${flags.debounce} (e.g. 500ms, 2s)`);
        }
      }
      const logger = createServeLogger((l) => ctx.stderr.write(l), flags.logFormat, g.quiet ? "warn" : g.verbose ? "debug" : "info");
      // The service outlives ctx.signal's first abort only long enough to drain: the client must not be aborted mid-trigger.
      const client = createClientFromOptions(g, ctx, { signal: new AbortController().signal });
      const dbPath = resolvePath(ctx.cwd, flags.db ?? defaultDb(ctx.env));
      await ensureDirectory(resolvePath(dbPath, ".."), "--db directory");
      let handle;
      try {
        handle = await startServe({ client, config, dbPath, host: flags.host, port, logger });
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === "EADDRINUSE") throw new UserError(`cannot listen on ${flags.host}:${flags.port}: the port is already in use`, { suggestions: ["choose another --port, or --port 0"] });
        if (code === "EACCES" || code === "EADDRNOTAVAIL") throw new UserError(`cannot listen on ${flags.host}:${flags.port} (${String(code)})`, { suggestions: ["use --host 127.0.0.1 and a port above 1023"] });
        throw err;
      }
      ctx.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
      await new Promise<void>((r) => (ctx.signal.aborted ? r() : ctx.signal.addEventListener("abort", () => r(), { once: true })));
      logger.log("info", "stopping: intake closed, waiting for in-flight triggers to be recorded");
      await handle.close();
    });
}
