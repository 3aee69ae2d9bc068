/**
 * resolveConfig: flags > environment > config file, validated once at the edge with one zod
 * schema; problems are reported together as `key: message` in one ConfigError.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { registerSecret } from "../redact.js";
import { normalizeBaseUrl } from "./base-url.js";
import { CLOUD_NAMES, SIGMA_CLOUDS, isSigmaCloud, type SigmaCloud } from "./clouds.js";
import { loadConfigFile } from "./config-file.js";
import { formatIssues } from "./validate.js";

/** Connection settings of a SigmaClient. */
export interface ClientConfig {
  /** Normalized API base URL (no trailing slash, no `/v2`). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The cloud name, when the base URL is a published host. */
  cloud?: SigmaCloud | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  concurrency?: number | undefined;
}

/** Where a setting came from. */
export type ConfigSource = "flag" | "env" | "file";

/** The result of {@link resolveConfig}. */
export interface ResolvedConfig extends ClientConfig {
  /** Non-fatal problems for the caller to print (unknown host, secret on the command line...). */
  warnings: string[];
  /** The config file that was read, if any. */
  configFile?: string | undefined;
  /** Origin of each setting that was found. */
  sources: Partial<Record<"baseUrl" | "clientId" | "clientSecret", ConfigSource>>;
}

/** Settings given on the command line (names as the CLI's flags in camelCase). */
export interface ConfigFlags {
  baseUrl?: string | undefined;
  cloud?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  clientSecretFile?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  concurrency?: number | undefined;
}

/** Inputs of {@link resolveConfig}. */
export interface ResolveConfigInput {
  flags?: ConfigFlags;
  env?: Readonly<Record<string, string | undefined>>;
  /** Config file path (`--config`); default `$SIGMA_CONFIG` or ~/.config/sigmactl/config.yaml. */
  configFile?: string | undefined;
  /** Home directory for the default config path (tests). */
  homeDir?: string | undefined;
}

const missing = (what: string, flag: string, env: string): string =>
  `missing ${what}: pass ${flag} or set ${env} (or ${what.replace(" s", "S")} in the config file)`;

/** The one schema of a resolved configuration. */
export const ClientConfigSchema = z.object({
  baseUrl: z.string({ error: "missing API host: pass --base-url or --cloud, or set SIGMA_BASE_URL or SIGMA_CLOUD" }),
  clientId: z.string({ error: missing("clientId", "--client-id", "SIGMA_CLIENT_ID") }).trim().min(1, "must not be empty"),
  clientSecret: z
    .string({ error: missing("client secret", "--client-secret-file", "SIGMA_CLIENT_SECRET or SIGMA_CLIENT_SECRET_FILE") })
    .min(1, "must not be empty"),
  cloud: z.enum(CLOUD_NAMES as [SigmaCloud, ...SigmaCloud[]]).optional(),
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  maxRetries: z.number().int().min(0).max(20).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
});

const FILE_KEYS = ["baseUrl", "cloud", "clientId", "clientSecret", "clientSecretFile", "timeoutMs", "maxRetries", "concurrency"];

interface Layer {
  source: ConfigSource;
  label: (key: string) => string;
  values: Record<string, unknown>;
  baseDir?: string | undefined;
}

/**
 * Resolves the client configuration. @throws ConfigError listing every problem
 * (missing credentials naming flag and variable, unknown cloud with the closest name, http://...).
 */
export function resolveConfig(input: ResolveConfigInput = {}): ResolvedConfig {
  const env = input.env ?? {};
  const flags = input.flags ?? {};
  const file = loadConfigFile({ explicit: input.configFile, env, home: input.homeDir });
  const warnings: string[] = [];
  const issues: string[] = [];
  const suggestions: string[] = [];

  const layers: Layer[] = [
    { source: "flag", label: (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, values: { ...flags } },
    {
      source: "env",
      label: (k) => `SIGMA_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
      values: {
        baseUrl: env.SIGMA_BASE_URL,
        cloud: env.SIGMA_CLOUD,
        clientId: env.SIGMA_CLIENT_ID,
        clientSecret: env.SIGMA_CLIENT_SECRET,
        clientSecretFile: env.SIGMA_CLIENT_SECRET_FILE,
      },
    },
  ];
  if (file) {
    const data = file.data;
    for (const key of Object.keys(data).filter((k) => !FILE_KEYS.includes(k))) {
      warnings.push(`config file ${file.path}: unknown key ${key} (did you mean ${closest(key, FILE_KEYS)}?)`);
    }
    layers.push({ source: "file", label: (k) => `${k} in ${file.path}`, values: data, baseDir: dirname(file.path) });
    if (typeof data.clientSecret === "string" && file.readableByOthers) {
      warnings.push(`config file ${file.path} holds clientSecret and is readable by other users: chmod 600 it`);
    }
  }
  // Empty strings count as unset (an exported but blank variable must not hide the config file).
  const present = (v: unknown): boolean => v !== undefined && v !== null && v !== "";
  const pick = (key: string): { value: unknown; layer: Layer } | undefined => {
    for (const layer of layers) if (present(layer.values[key])) return { value: layer.values[key], layer };
    return undefined;
  };
  const sources: ResolvedConfig["sources"] = {};

  // Endpoint: the highest layer that names a host or a cloud decides.
  let baseUrl: string | undefined;
  let cloud: string | undefined;
  const endpointLayer = layers.find((l) => present(l.values.baseUrl) || present(l.values.cloud));
  if (endpointLayer) {
    sources.baseUrl = endpointLayer.source;
    const rawCloud = endpointLayer.values.cloud;
    const rawUrl = endpointLayer.values.baseUrl;
    if (present(rawCloud)) {
      const name = String(rawCloud).trim().toLowerCase();
      if (isSigmaCloud(name)) cloud = name;
      else {
        const guess = closest(name, CLOUD_NAMES);
        issues.push(`cloud: unknown cloud ${JSON.stringify(rawCloud)} (${endpointLayer.label("cloud")}); did you mean ${guess}? valid: ${CLOUD_NAMES.join(", ")}`);
        suggestions.push(`use --cloud ${guess}`);
      }
    }
    if (present(rawUrl)) {
      const r = normalizeBaseUrl(String(rawUrl));
      if (!r.ok) issues.push(`baseUrl: ${r.problem} (${endpointLayer.label("baseUrl")})`);
      else {
        baseUrl = r.url;
        warnings.push(...r.warnings);
        if (cloud && new URL(SIGMA_CLOUDS[cloud as SigmaCloud]).host !== new URL(r.url).host) {
          issues.push(`baseUrl: ${endpointLayer.label("baseUrl")} and ${endpointLayer.label("cloud")} name different hosts; give only one`);
        }
      }
    } else if (cloud) baseUrl = SIGMA_CLOUDS[cloud as SigmaCloud];
    if (!cloud && baseUrl) cloud = CLOUD_NAMES.find((c) => new URL(SIGMA_CLOUDS[c]).host === new URL(baseUrl as string).host);
  }

  const id = pick("clientId");
  if (id) sources.clientId = id.layer.source;

  // Secret: per layer, an inline secret wins over a secret file.
  let clientSecret: unknown;
  const secretLayer = layers.find((l) => present(l.values.clientSecret) || present(l.values.clientSecretFile));
  if (secretLayer) {
    sources.clientSecret = secretLayer.source;
    if (present(secretLayer.values.clientSecret)) {
      clientSecret = secretLayer.values.clientSecret;
      if (secretLayer.source === "flag") {
        warnings.push("--client-secret on the command line is visible to other local users; prefer SIGMA_CLIENT_SECRET or --client-secret-file");
      }
    } else {
      const p = resolve(secretLayer.baseDir ?? process.cwd(), String(secretLayer.values.clientSecretFile));
      try {
        clientSecret = readFileSync(p, "utf8").trim();
        if (clientSecret === "") issues.push(`clientSecret: secret file ${p} is empty (${secretLayer.label("clientSecretFile")})`);
      } catch (cause) {
        issues.push(`clientSecret: cannot read secret file ${p}: ${(cause as { code?: string }).code ?? "error"} (${secretLayer.label("clientSecretFile")})`);
      }
    }
  }
  if (typeof clientSecret === "string") registerSecret(clientSecret);

  const candidate = {
    baseUrl,
    clientId: id?.value,
    clientSecret,
    cloud,
    timeoutMs: pick("timeoutMs")?.value,
    maxRetries: pick("maxRetries")?.value,
    concurrency: pick("concurrency")?.value,
  };
  const parsed = ClientConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    // Keys already reported above (bad cloud/URL/secret file) are not reported twice.
    const reported = new Set(issues.map((i) => i.split(":")[0]));
    // A bad cloud name already explains why no host was resolved.
    if (reported.has("cloud")) reported.add("baseUrl");
    issues.push(...formatIssues(parsed.error).filter((i) => !reported.has(i.split(":")[0])));
  }
  if (issues.length > 0 || !parsed.success) {
    // "clientSecret: <word>" would be eaten by redact()'s secret-field pattern: say it in words.
    const lines = issues.map((i) => i.replace(/^clientSecret:/, "client secret:"));
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`, { cause: parsed.error, suggestions });
  }
  return { ...parsed.data, warnings, configFile: file?.path, sources };
}
