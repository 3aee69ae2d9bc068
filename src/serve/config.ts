/**
 * `sigmactl serve` settings: the `serve:` section of the config file (YAML or JSON, validated
 * with zod; every problem listed at once) plus flags. Secrets may be given inline or as
 * `...File` paths (relative to the config file); every secret is registered for redaction.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { registerSecret } from "../redact.js";

const Secret = z.object({ secret: z.string().optional(), secretFile: z.string().min(1).optional() }).strict();

/** A target as the generic hook and the dbt job mapping write it (same words as `--targets FILE`). */
const TargetEntry = z
  .object({
    workbook: z.string().min(1).optional(),
    dataModel: z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    elements: z.array(z.string().min(1)).optional(),
  })
  .strict();

const Duration = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/)]);

const ServeSectionSchema = z
  .object({
    hooks: z
      .object({
        generic: Secret.extend({ toleranceSeconds: z.number().int().positive().optional() }).strict().optional(),
        dbtCloud: Secret.extend({
          apiToken: z.string().min(1).optional(),
          apiTokenFile: z.string().min(1).optional(),
          /** Administrative API host, e.g. https://cloud.getdbt.com or https://ACCOUNT_PREFIX.us1.dbt.com. */
          apiBaseUrl: z.string().url().optional(),
          /** job id → tables and/or targets, used instead of (or when there are no) artifacts. */
          jobs: z.record(z.string(), z.object({ tables: z.array(z.string()).optional(), targets: z.array(TargetEntry).optional() }).strict()).optional(),
        })
          .strict()
          .optional(),
        fivetran: Secret.extend({
          /** connector id → destination schema (its tables are `SCHEMA.*`). */
          connectors: z.record(z.string(), z.object({ schema: z.string().min(1), targets: z.array(TargetEntry).optional() }).strict()).optional(),
        })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    debounce: Duration.optional(),
    concurrency: z.number().int().positive().optional(),
    retention: Duration.optional(),
    /** Bearer token of the page and JSON API; required when listening off loopback. */
    apiToken: z.string().min(16).optional(),
    apiTokenFile: z.string().min(1).optional(),
    maxBodyBytes: z.number().int().positive().optional(),
    pollInterval: z.string().regex(/^\d+(ms|s)?(:\d+(ms|s)?)?$/).optional(),
    unconfirmedWindow: Duration.optional(),
  })
  .strict();

/** The `serve:` section as written. */
export type ServeSection = z.infer<typeof ServeSectionSchema>;
/** One target entry (workbook/dataModel/dataset + elements). */
export type TargetEntry = z.infer<typeof TargetEntry>;

/** Settings with secrets read and defaults applied. */
export interface ServeConfig {
  generic?: { secret: string; toleranceMs: number };
  dbtCloud?: {
    secret: string;
    apiToken?: string;
    apiBaseUrl: string;
    jobs: Record<string, { tables?: string[]; targets?: TargetEntry[] }>;
  };
  fivetran?: { secret: string; connectors: Record<string, { schema: string; targets?: TargetEntry[] }> };
  debounceMs: number;
  concurrency: number;
  retentionMs: number;
  apiToken?: string;
  maxBodyBytes: number;
  pollInterval?: { minMs: number; maxMs: number };
  unconfirmedWindowMs?: number;
}

/** Parses `10s`, `500ms`, `30d` or a number of milliseconds. */
export function parseServeDuration(v: number | string): number {
  if (typeof v === "number") return v;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(v);
  if (!m) throw new ConfigError(`not a duration: ${v} (e.g. 500ms, 10s, 5m, 30d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms"];
  return Number(m[1]) * unit;
}

function msOf(part: string): number {
  const m = /^(\d+)(ms|s)?$/.exec(part);
  return m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : NaN;
}

/** Reads a secret given inline or as a file (relative to `baseDir`). */
function readSecret(
  where: string,
  inline: string | undefined,
  file: string | undefined,
  baseDir: string,
  problems: string[],
  required: boolean,
): string | undefined {
  if (inline !== undefined && file !== undefined) problems.push(`${where}: give ${where}.secret or ${where}.secretFile, not both`);
  let value = inline;
  if (file !== undefined) {
    try {
      value = readFileSync(resolve(baseDir, file), "utf8").trim();
    } catch (err) {
      problems.push(`${where}: cannot read ${file}: ${(err as Error).message}`);
      return undefined;
    }
  }
  if (value === undefined) {
    if (required) problems.push(`${where}: a secret is required (secret or secretFile), so that only your pipeline can call this hook`);
    return undefined;
  }
  if (value.length < 16) problems.push(`${where}: the secret must be at least 16 characters`);
  registerSecret(value);
  return value;
}

/**
 * Validates the raw `serve` section (from the config file at `path`, or {} without one).
 * @throws ConfigError listing every problem
 */
export function resolveServeConfig(raw: unknown, path: string | undefined): ServeConfig {
  const where = path ?? "(no config file)";
  const parsed = ServeSectionSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  serve.${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid serve settings in ${where}:\n${lines.join("\n")}`);
  }
  const s = parsed.data;
  const baseDir = path ? dirname(path) : process.cwd();
  const problems: string[] = [];
  const out: ServeConfig = {
    debounceMs: 2000,
    concurrency: s.concurrency ?? 4,
    retentionMs: 30 * 86_400_000,
    maxBodyBytes: s.maxBodyBytes ?? 1_048_576,
  };
  try {
    if (s.debounce !== undefined) out.debounceMs = parseServeDuration(s.debounce);
    if (s.retention !== undefined) out.retentionMs = parseServeDuration(s.retention);
    if (s.unconfirmedWindow !== undefined) out.unconfirmedWindowMs = parseServeDuration(s.unconfirmedWindow);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (s.pollInterval) {
    const [a, b] = s.pollInterval.split(":");
    const minMs = msOf(a ?? "");
    out.pollInterval = { minMs, maxMs: b === undefined ? minMs : msOf(b) };
  }
  const h = s.hooks ?? {};
  if (h.generic) {
    const secret = readSecret("serve.hooks.generic", h.generic.secret, h.generic.secretFile, baseDir, problems, true);
    if (secret) out.generic = { secret, toleranceMs: (h.generic.toleranceSeconds ?? 300) * 1000 };
  }
  if (h.dbtCloud) {
    const d = h.dbtCloud;
    const secret = readSecret("serve.hooks.dbtCloud", d.secret, d.secretFile, baseDir, problems, true);
    let apiToken = d.apiToken;
    if (d.apiTokenFile) {
      try {
        apiToken = readFileSync(resolve(baseDir, d.apiTokenFile), "utf8").trim();
      } catch (err) {
        problems.push(`serve.hooks.dbtCloud.apiTokenFile: cannot read ${d.apiTokenFile}: ${(err as Error).message}`);
      }
    }
    registerSecret(apiToken);
    if (!apiToken && !d.jobs) problems.push("serve.hooks.dbtCloud: give apiToken (to fetch run artifacts) or a jobs mapping (job id → tables/targets)");
    if (secret) {
      out.dbtCloud = { secret, apiBaseUrl: (d.apiBaseUrl ?? "https://cloud.getdbt.com").replace(/\/+$/, ""), jobs: d.jobs ?? {} };
      if (apiToken) out.dbtCloud.apiToken = apiToken;
    }
  }
  if (h.fivetran) {
    const secret = readSecret("serve.hooks.fivetran", h.fivetran.secret, h.fivetran.secretFile, baseDir, problems, true);
    if (!h.fivetran.connectors || Object.keys(h.fivetran.connectors).length === 0) {
      problems.push("serve.hooks.fivetran.connectors: map each connector id to its destination schema ({schema: NAME})");
    }
    if (secret) out.fivetran = { secret, connectors: h.fivetran.connectors ?? {} };
  }
  let apiToken = s.apiToken;
  if (s.apiTokenFile) {
    try {
      apiToken = readFileSync(resolve(baseDir, s.apiTokenFile), "utf8").trim();
    } catch (err) {
      problems.push(`serve.apiTokenFile: cannot read ${s.apiTokenFile}: ${(err as Error).message}`);
    }
  }
  if (apiToken) {
    registerSecret(apiToken);
    out.apiToken = apiToken;
  }
  if (!out.generic && !out.dbtCloud && !out.fivetran && problems.length === 0) {
    problems.push("serve.hooks: configure at least one hook (generic, dbtCloud or fivetran) with its secret");
  }
  if (problems.length > 0) throw new ConfigError(`invalid serve settings in ${where}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return out;
}
