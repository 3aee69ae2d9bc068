/**
 * `sigmactl config init` writes a commented config file (cloud, client id, path of the secret
 * file: never the secret itself); `sigmactl config show` prints the settings in effect,
 * secrets redacted, each with where it came from (flag, environment, config file, default).
 */
import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError, UserError } from "../../errors.js";
import { CLOUD_NAMES, isSigmaCloud } from "../../client/clouds.js";
import { defaultConfigPath, loadConfigFile } from "../../client/config-file.js";
import { globalOptionsOf, type CliContext } from "../context.js";
import { createOutput } from "../output.js";
import { examples } from "../program.js";

interface InitFlags {
  path?: string;
  cloud?: string;
  baseUrl?: string;
  clientId?: string;
  clientSecretFile?: string;
  force?: boolean;
}

/** Registers `config init` and `config show`. */
export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("config")
    .summary("write or show the configuration (config init, config show)")
    .description("write a config file (config init) or show the settings in effect and where each comes from (config show)")
    .addHelpText("after", examples([["sigmactl config show", "the settings in effect, secrets redacted"]]));
  cmd
    .command("init")
    .summary("write a commented config file")
    .description("write a commented config file: asks the cloud, client id and secret file path on a terminal; flags answer instead (scripts)")
    .option("--path <file>", "where to write it (default: $SIGMA_CONFIG, else $XDG_CONFIG_HOME/sigmactl/config.yaml, i.e. ~/.config/...)")
    .option("--cloud <name>", `Sigma cloud: ${CLOUD_NAMES.join(", ")}`)
    .option("--base-url <url>", "API base URL instead of --cloud")
    .option("--client-id <id>", "API client id")
    .option("--client-secret-file <file>", "file holding the client secret (the secret itself is never written to the config)")
    .option("--force", "replace an existing config file")
    .addHelpText(
      "after",
      examples([
        ["sigmactl config init", "answer three questions"],
        ["sigmactl config init --cloud aws-eu --client-id $ID --client-secret-file ~/.config/sigmactl/secret", "no questions (scripts)"],
      ]),
    )
    .action(async (flags: InitFlags, command: Command) => runInit(ctx, flags, command));
  cmd
    .command("show")
    .summary("show the settings in effect and their origin")
    .description("show the settings in effect (flags > environment > config file), secrets redacted, each with where it came from")
    .option("--base-url <url>", "as the other commands take it, to see its effect")
    .option("--cloud <name>", "as the other commands take it")
    .option("--client-id <id>", "as the other commands take it")
    .option("--client-secret-file <file>", "as the other commands take it")
    .option("--config <file>", "config file to read (default: $SIGMA_CONFIG, else $XDG_CONFIG_HOME/sigmactl/config.yaml)")
    .addHelpText(
      "after",
      examples([
        ["sigmactl config show", "what sigmactl would use"],
        ["sigmactl config show --json", "the same as JSON"],
      ]),
    )
    .action(async (flags: Record<string, string | undefined>, command: Command) => runShow(ctx, flags, command));
}

function configPath(ctx: CliContext, given: string | undefined): string {
  if (given) return resolve(ctx.cwd, given);
  const env = ctx.env.SIGMA_CONFIG?.trim();
  return env ? resolve(ctx.cwd, env) : defaultConfigPath(ctx.env.HOME, ctx.env);
}

async function ask(ctx: CliContext, question: string, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined || !ctx.prompt) return given;
  const answer = (await ctx.prompt(question)).trim();
  return answer === "" ? undefined : answer;
}

async function runInit(ctx: CliContext, flags: InitFlags, command: Command): Promise<void> {
  const out = createOutput(ctx, globalOptionsOf(command));
  const path = configPath(ctx, flags.path);
  if (!flags.force && (await stat(path).then(() => true, () => false))) {
    throw new UserError(`${path} already exists`, { suggestions: ["pass --force to replace it, or --path FILE to write another one"] });
  }
  const where = flags.baseUrl ?? (await ask(ctx, `Sigma cloud (${CLOUD_NAMES.join(", ")}) or API base URL: `, flags.cloud));
  const clientId = await ask(ctx, "API client id (Administration → Developer Access): ", flags.clientId);
  const secretFile = await ask(ctx, "Path of the file holding the client secret: ", flags.clientSecretFile);
  const missing = [where ? "" : "--cloud or --base-url", clientId ? "" : "--client-id", secretFile ? "" : "--client-secret-file"].filter(Boolean);
  if (missing.length > 0) {
    throw new UserError(`config init needs ${missing.join(", ")}`, {
      suggestions: ["run it on a terminal to be asked, or pass the flags (scripts)"],
    });
  }
  const isUrl = flags.baseUrl !== undefined || /^https?:\/\//.test(where!);
  if (!isUrl && !isSigmaCloud(where!)) throw new ConfigError(`unknown cloud ${JSON.stringify(where)}`, { suggestions: [`one of ${CLOUD_NAMES.join(", ")}`] });
  const secretPath = isAbsolute(secretFile!) ? secretFile! : resolve(ctx.cwd, secretFile!);
  const text = [
    "# sigmactl configuration, written by `sigmactl config init`.",
    "# Settings are read from flags, then SIGMA_* environment variables, then this file.",
    "# API host: a cloud name (cloud: aws-us, aws-eu, ...) or baseUrl: https://...",
    `${isUrl ? "baseUrl" : "cloud"}: ${JSON.stringify(where)}`,
    "# API client id, from Administration → Developer Access.",
    `clientId: ${JSON.stringify(clientId)}`,
    "# The client secret stays in its own file (chmod 600 it); never put it here.",
    `clientSecretFile: ${JSON.stringify(secretPath)}`,
    "# Per-request timeout and parallel requests:",
    "# timeoutMs: 60000",
    "# concurrency: 8",
    "",
  ].join("\n");
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  const secretExists = await stat(secretPath).then(() => true, () => false);
  if (!secretExists) out.warn(`${secretPath} does not exist yet: put the client secret in it and chmod 600 it`);
  out.result({ path, written: true }, () => `wrote ${path}\n`);
}

type Origin = "flag" | "env" | "file" | "default" | "unset";

interface Setting {
  key: string;
  value: string | number | null;
  source: Origin;
  /** Flag, variable or file the value came from. */
  from: string | null;
}

async function runShow(ctx: CliContext, flags: Record<string, string | undefined>, command: Command): Promise<void> {
  const g = globalOptionsOf(command);
  const out = createOutput(ctx, g);
  const env = ctx.env;
  const file = loadConfigFile({ explicit: flags.config ? resolve(ctx.cwd, flags.config) : undefined, env, home: env.HOME });
  const data = file?.data ?? {};
  const pick = (key: string, flag: string | undefined, flagName: string, envNames: string[], fallback?: string | number): Setting => {
    if (flag !== undefined) return { key, value: flag, source: "flag", from: flagName };
    for (const name of envNames) if (env[name]) return { key, value: env[name]!, source: "env", from: name };
    const v = data[key];
    if (v !== undefined && v !== null) return { key, value: typeof v === "number" ? v : String(v), source: "file", from: file!.path };
    return fallback === undefined ? { key, value: null, source: "unset", from: null } : { key, value: fallback, source: "default", from: null };
  };
  const secret = (s: Setting): Setting => (s.value === null ? s : { ...s, value: "(set; hidden)" });
  const settings: Setting[] = [
    pick("baseUrl", flags.baseUrl, "--base-url", ["SIGMA_BASE_URL"]),
    pick("cloud", flags.cloud, "--cloud", ["SIGMA_CLOUD"]),
    pick("clientId", flags.clientId, "--client-id", ["SIGMA_CLIENT_ID"]),
    secret(pick("clientSecret", undefined, "--client-secret", ["SIGMA_CLIENT_SECRET"])),
    pick("clientSecretFile", flags.clientSecretFile, "--client-secret-file", ["SIGMA_CLIENT_SECRET_FILE"]),
    pick("timeoutMs", undefined, "--timeout-ms", [], 60000),
    pick("concurrency", undefined, "--concurrency", [], 8),
  ];
  const configFile = file?.path ?? null;
  out.result({ configFile, configFileSearched: configPath(ctx, flags.config), settings }, () => {
    const width = Math.max(...settings.map((s) => s.key.length));
    const lines = settings.map((s) => `${s.key.padEnd(width)}  ${String(s.value ?? "-")}${s.from ? `  (${s.source}: ${s.from})` : s.source === "default" ? "  (default)" : ""}`);
    return `config file: ${configFile ?? `none (looked for ${configPath(ctx, flags.config)})`}\n${lines.join("\n")}\n`;
  });
}
