/**
 * Resolves castor-upload's settings from flags and the `CASTOR_UPLOADER_*` environment
 * (flags win), checks them, and turns mistakes into ConfigError with a hint.
 */
import { isLoopbackHost } from "../client/base-url.js";
import { ConfigError } from "../errors.js";
import { FILE_TYPES, ZONES } from "./ingest.js";
import type { FileType, Zone } from "./ingest.js";

/** Upload flags as the CLI parsed them (castor's names). */
export interface UploadFlags {
  token?: string | undefined;
  sourceId?: string | undefined;
  fileType?: string | undefined;
  filePath?: string | undefined;
  directoryPath?: string | undefined;
  zone?: string | undefined;
  ingestUrl?: string | undefined;
}

/** Checked upload settings. */
export interface UploadConfig {
  token: string;
  sourceId: string;
  fileType: FileType;
  /** Exactly one of filePath / directoryPath is set. */
  filePath?: string | undefined;
  directoryPath?: string | undefined;
  zone: Zone;
  ingestUrl?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pick(flag: string | undefined, env: string | undefined): string | undefined {
  const v = flag ?? env;
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function intEnv(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got '${raw}'`);
  return n;
}

/** An ingest URL must be https, or http to this machine (the emulator): the token travels in a header. */
function checkIngestUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--ingest-url must be an http(s) URL, got '${raw}'`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(`--ingest-url must be an http(s) URL, got '${raw}'`);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`refusing plain http:// to ${url.host}: the Catalog token would travel unencrypted`, {
      suggestions: ["use https://; http is only allowed for loopback hosts (e.g. the emulator's /__emulator/ingest)"],
    });
  }
}

/** Merges flags and environment; see the module comment. */
export function resolveUploadConfig(flags: UploadFlags, env: Record<string, string | undefined>): UploadConfig {
  const token = pick(flags.token, env.CASTOR_UPLOADER_TOKEN);
  const sourceId = pick(flags.sourceId, env.CASTOR_UPLOADER_SOURCE_ID);
  const fileTypeRaw = pick(flags.fileType, env.CASTOR_UPLOADER_FILE_TYPE);
  const filePath = pick(flags.filePath, env.CASTOR_UPLOADER_FILE_PATH);
  const directoryPath = pick(flags.directoryPath, env.CASTOR_UPLOADER_DIRECTORY_PATH);
  const zoneRaw = pick(flags.zone, env.CASTOR_UPLOADER_ZONE) ?? "EU";

  const missing: string[] = [];
  if (!token) missing.push("-k/--token (or CASTOR_UPLOADER_TOKEN)");
  if (!sourceId) missing.push("-s/--source_id (or CASTOR_UPLOADER_SOURCE_ID)");
  if (!fileTypeRaw) missing.push("-t/--file_type (or CASTOR_UPLOADER_FILE_TYPE)");
  if (!filePath && !directoryPath) missing.push("-f/--file_path or -d/--directory_path");
  if (missing.length > 0) throw new ConfigError(`missing ${missing.join(", ")}`, { suggestions: ["see `sigmactl upload --help`"] });

  const fileType = fileTypeRaw!.toUpperCase();
  if (!(FILE_TYPES as readonly string[]).includes(fileType)) {
    throw new ConfigError(`unknown file type '${fileTypeRaw}'`, { suggestions: [`choose one of ${FILE_TYPES.join(", ")} (Sigma extractions are VIZ)`] });
  }
  const zone = zoneRaw.toUpperCase();
  if (!(ZONES as readonly string[]).includes(zone)) {
    throw new ConfigError(`unknown zone '${zoneRaw}'`, { suggestions: [`choose one of ${ZONES.join(", ")}`] });
  }
  if (!UUID.test(sourceId!)) throw new ConfigError(`source id must be a UUID, got '${sourceId}'`);
  if (filePath && directoryPath) throw new ConfigError("-f/--file_path and -d/--directory_path cannot be combined");
  if (fileType === "DBT" && directoryPath) throw new ConfigError("DBT uploads take one manifest file (-f), not a directory");
  if (flags.ingestUrl !== undefined) checkIngestUrl(flags.ingestUrl);
  return {
    token: token!,
    sourceId: sourceId!,
    fileType: fileType as FileType,
    filePath,
    directoryPath,
    zone: zone as Zone,
    ingestUrl: flags.ingestUrl,
    // castor's own overrides, honoured for drop-in compatibility.
    timeoutMs: (() => {
      const s = intEnv(env, "CASTOR_TIMEOUT_OVERRIDE");
      return s === undefined ? undefined : s * 1000;
    })(),
    maxRetries: intEnv(env, "CASTOR_RETRY_OVERRIDE"),
  };
}
