/**
 * Wording of configuration problems: one sentence per issue, naming the setting in words and
 * where it came from (`--concurrency`, `SIGMA_CLOUD`, `clientId in ~/.config/...`), never a
 * bare schema key followed by a message that repeats it.
 */
import type { z } from "zod";

/** The settings resolveConfig validates. */
export type ConfigKey = "baseUrl" | "cloud" | "clientId" | "clientSecret" | "timeoutMs" | "maxRetries" | "concurrency";

/** A problem found while resolving the configuration. */
export interface ConfigIssue {
  key: ConfigKey;
  text: string;
}

/** Each setting in words, as the subject of a sentence. */
export const SETTING_NAMES: Record<ConfigKey, string> = {
  baseUrl: "API host",
  cloud: "cloud",
  clientId: "client id",
  clientSecret: "client secret",
  timeoutMs: "request timeout",
  maxRetries: "maximum retries",
  concurrency: "concurrency",
};

/** What to do about a setting that is absent everywhere. */
export const MISSING: Record<"baseUrl" | "clientId" | "clientSecret", string> = {
  baseUrl: "API host is missing: pass --base-url or --cloud, or set SIGMA_BASE_URL or SIGMA_CLOUD (or baseUrl or cloud in the config file)",
  clientId: "client id is missing: pass --client-id or set SIGMA_CLIENT_ID (or clientId in the config file)",
  clientSecret:
    "client secret is missing: pass --client-secret-file, or set SIGMA_CLIENT_SECRET or SIGMA_CLIENT_SECRET_FILE (or clientSecret in the config file)",
};

/** Zod `error` option for a required text setting: "missing" when absent, "must be text" otherwise. */
export function requiredText(key: keyof typeof MISSING): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? MISSING[key] : `${SETTING_NAMES[key]} must be text`);
}

/** The rule a whole-number setting breaks, e.g. `must be a whole number from 1 to 64`. */
export function wholeNumberRule(min: number, max: number, unit = ""): string {
  return `must be a whole number${unit ? ` of ${unit}` : ""} from ${min} to ${max}`;
}

/** Why a file could not be read, in words, keeping the system code for searches. */
export function fileProblem(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  const words: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a directory",
  };
  if (typeof code !== "string") return cause instanceof Error ? cause.message : "unreadable";
  return words[code] ? `${words[code]} (${code})` : code;
}

/**
 * Turns the schema's issues into sentences. `where(key)` names the source of a value that was
 * given (flag, variable or config file entry), `value(key)` the value itself.
 */
export function describeSchemaIssues(
  error: z.ZodError,
  where: (key: ConfigKey) => string | undefined,
  value: (key: ConfigKey) => unknown,
): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "") as ConfigKey;
    // One line per setting: `z.number().int().min()` may report two rules for one value.
    if (!(key in SETTING_NAMES) || seen.has(key)) continue;
    seen.add(key);
    const missing = Object.values(MISSING).includes(issue.message);
    const src = where(key);
    const v = value(key);
    // Never echo the secret, even a malformed one; a blank value has nothing to show.
    const blank = typeof v === "string" && v.trim() === "";
    const got = missing || blank || v === undefined || key === "clientSecret" ? "" : `, got ${JSON.stringify(v) ?? String(v)}`;
    const from = missing || !src ? "" : ` (${src})`;
    const sentence = missing || issue.message.startsWith(SETTING_NAMES[key]) ? issue.message : `${SETTING_NAMES[key]} ${issue.message}`;
    out.push({ key, text: `${sentence}${got}${from}` });
  }
  return out;
}
