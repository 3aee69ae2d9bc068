/**
 * resolveConfig: flags > environment > config file, validated once at the edge with one zod
 * schema; problems are reported together in one ConfigError, one sentence per line
 * (wording in config-messages.ts).
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { registerSecret } from "../redact.js";
import { normalizeBaseUrl } from "./base-url.js";
import { CLOUD_NAMES, SIGMA_CLOUDS, isSigmaCloud, type SigmaCloud } from "./clouds.js";
import { loadConfigFile } from "./config-file.js";
import {
  describeSchemaIssues,
  fileProblem,
  requiredText,
  wholeNumberRule,
  type ConfigIssue,
  type ConfigKey,
} from "./config-messages.js";

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

/** A whole number in [min, max], every failure worded as the one rule. */
const wholeNumber = (min: number, max: number, unit?: string) => {
  const error = wholeNumberRule(min, max, unit);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** The one schema of a resolved configuration. */
export const ClientConfigSchema = z.object({
  baseUrl: z.string({ error: requiredText("baseUrl") }),
  clientId: z.string({ error: requiredText("clientId") }).trim().min(1, "is blank"),
  clientSecret: z.string({ error: requiredText("clientSecret") }).min(1, "is blank"),
  cloud: z.enum(CLOUD_NAMES as [SigmaCloud, ...SigmaCloud[]], { error: `must be one of ${CLOUD_NAMES.join(", ")}` }).optional(),
  timeoutMs: wholeNumber(1, 3_600_000, "milliseconds").optional(),
  maxRetries: wholeNumber(0, 20).optional(),
  concurrency: wholeNumber(1, 64).optional(),
});

// `serve`: the settings of `sigmactl serve` (read by src/serve/config.ts), not the client's.
const FILE_KEYS = ["baseUrl", "cloud", "clientId", "clientSecret", "clientSecretFile", "timeoutMs", "maxRetries", "concurrency", "serve"];

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
  const issues: ConfigIssue[] = [];
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
        issues.push({
          key: "cloud",
          text: `unknown cloud ${JSON.stringify(rawCloud)} (${endpointLayer.label("cloud")}): did you mean ${guess}? valid: ${CLOUD_NAMES.join(", ")}`,
        });
        suggestions.push(`use --cloud ${guess}`);
      }
    }
    if (present(rawUrl)) {
      const r = normalizeBaseUrl(String(rawUrl));
      if (!r.ok) issues.push({ key: "baseUrl", text: `${endpointLayer.label("baseUrl")}: ${r.problem}` });
      else {
        baseUrl = r.url;
        warnings.push(...r.warnings);
        if (cloud && new URL(SIGMA_CLOUDS[cloud as SigmaCloud]).host !== new URL(r.url).host) {
          issues.push({ key: "baseUrl", text: `${endpointLayer.label("baseUrl")} and ${endpointLayer.label("cloud")} name different hosts; give only one` });
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
        const from = secretLayer.label("clientSecretFile");
        if (clientSecret === "") issues.push({ key: "clientSecret", text: `client secret file ${p} is empty (${from})` });
        const exposed = readableByOthers(p);
        if (exposed !== undefined) warnings.push(`client secret file ${p} is readable by other users (mode ${exposed}): chmod 600 ${p}`);
      } catch (cause) {
        const from = secretLayer.label("clientSecretFile");
        issues.push({ key: "clientSecret", text: `cannot read the client secret file ${p} (${from}): ${fileProblem(cause)}` });
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
    const reported = new Set<ConfigKey>(issues.map((i) => i.key));
    // A bad cloud name already explains why no host was resolved.
    if (reported.has("cloud")) reported.add("baseUrl");
    const described = describeSchemaIssues(
      parsed.error,
      (key) => pick(key)?.layer.label(key),
      (key) => candidate[key],
    );
    issues.push(...described.filter((i) => !reported.has(i.key)));
  }
  if (issues.length > 0 || !parsed.success) {
    const lines = issues.map((i) => i.text);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`, { cause: parsed.error, suggestions });
  }
  return { ...parsed.data, warnings, configFile: file?.path, sources };
}

/** The file's permission bits (e.g. "0644") when group or others may read it (as for config files), else undefined (always on Windows). */
function readableByOthers(path: string): string | undefined {
  if (process.platform === "win32") return undefined;
  try {
    const mode = statSync(path).mode & 0o777;
    return (mode & 0o077) !== 0 ? `0${mode.toString(8).padStart(3, "0")}` : undefined;
  } catch {
    return undefined;
  }
}
