/**
 * Finds and reads the sigmactl config file: `--config` / resolveConfig's `configFile`, else
 * `$SIGMA_CONFIG`, else `$XDG_CONFIG_HOME/sigmactl/config.yaml` (default `~/.config/...`) when it exists. JSON or YAML.
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../errors.js";
import { fileProblem } from "./config-messages.js";

/** The raw content of a config file, before validation. */
export interface LoadedConfigFile {
  path: string;
  data: Record<string, unknown>;
  /** True when group or others may read the file (POSIX). */
  readableByOthers: boolean;
}

/** The default config file path: `$XDG_CONFIG_HOME/sigmactl/config.yaml`, else under `home`'s `.config` (XDG base directories). */
export function defaultConfigPath(home: string = homedir(), env: Readonly<Record<string, string | undefined>> = {}): string {
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg && xdg.startsWith("/") ? xdg : join(home, ".config"), "sigmactl", "config.yaml");
}

/**
 * Locates and parses the config file. An explicitly named file must exist; the default one is
 * optional. @throws ConfigError when a named file is missing or a file cannot be parsed.
 */
export function loadConfigFile(args: {
  explicit?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  home?: string | undefined;
}): LoadedConfigFile | undefined {
  const named = args.explicit ?? (args.env.SIGMA_CONFIG?.trim() || undefined);
  const path = named ?? defaultConfigPath(args.home, args.env);
  let text: string;
  let mode = 0;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (!named && code === "ENOENT") return undefined;
    const via = args.explicit ? "--config" : "SIGMA_CONFIG";
    throw new ConfigError(`cannot read config file ${path} (from ${named ? via : "the default path"}): ${fileProblem(cause)}`, { cause });
  }
  let data: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    data = text.trim() === "" ? {} : parseYaml(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split("\n")[0] : "";
    throw new ConfigError(`config file ${path} is neither valid YAML nor JSON: ${detail}`, { cause });
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(`config file ${path} must hold a mapping of keys (baseUrl, cloud, clientId, ...)`);
  }
  return {
    path,
    data: data as Record<string, unknown>,
    readableByOthers: process.platform !== "win32" && (mode & 0o077) !== 0,
  };
}
