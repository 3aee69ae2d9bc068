import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isKnownSigmaHost, CLOUD_NAMES, SIGMA_CLOUDS } from "../../src/client/clouds.js";
import { resolveConfig } from "../../src/client/config.js";
import { ConfigError } from "../../src/errors.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sigmactl-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const creds = { SIGMA_CLIENT_ID: "env-id", SIGMA_CLIENT_SECRET: "env-secret-123" };
/** resolveConfig with an empty home so the developer's own config file never interferes. */
const resolve = (input: Parameters<typeof resolveConfig>[0]) => resolveConfig({ homeDir: dir, ...input });
const configError = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

describe("clouds", () => {
  it("lists the 13 published API hosts", () => {
    expect(CLOUD_NAMES).toHaveLength(13);
    expect(SIGMA_CLOUDS["aws-us"]).toBe("https://aws-api.sigmacomputing.com");
    expect(SIGMA_CLOUDS["gcp-us"]).toBe("https://api.sigmacomputing.com");
    expect(SIGMA_CLOUDS["gcp-ksa"]).toBe("https://api.sa.gcp.sigmacomputing.com");
    expect(isKnownSigmaHost("API.US-A.AWS.sigmacomputing.com")).toBe(true);
    expect(isKnownSigmaHost("app.sigmacomputing.com")).toBe(false);
    expect(isKnownSigmaHost("api.eu.sigmacomputing.com")).toBe(false); // stale host
  });
});

describe("resolveConfig", () => {
  it("applies flags > environment > config file, key by key", () => {
    const file = join(dir, "c.yaml");
    writeFileSync(file, "cloud: aws-eu\nclientId: file-id\nclientSecret: file-secret-1\n", { mode: 0o600 });
    expect(resolve({ env: {}, configFile: file })).toMatchObject({
      baseUrl: "https://api.eu.aws.sigmacomputing.com",
      cloud: "aws-eu",
      clientId: "file-id",
      clientSecret: "file-secret-1",
      sources: { baseUrl: "file", clientId: "file", clientSecret: "file" },
    });
    const c = resolve({ env: { SIGMA_CLIENT_ID: "env-id", SIGMA_CLOUD: "gcp-us" }, configFile: file, flags: { cloud: "azure-uk" } });
    expect(c).toMatchObject({
      baseUrl: "https://api.uk.azure.sigmacomputing.com",
      clientId: "env-id",
      clientSecret: "file-secret-1",
      sources: { baseUrl: "flag", clientId: "env", clientSecret: "file" },
    });
  });

  it("finds $SIGMA_CONFIG, then ~/.config/sigmactl/config.yaml, reading JSON too", () => {
    const json = join(dir, "c.json");
    writeFileSync(json, JSON.stringify({ baseUrl: "https://aws-api.sigmacomputing.com/v2/", clientId: "j", clientSecret: "json-secret" }));
    expect(resolve({ env: { SIGMA_CONFIG: json } })).toMatchObject({ baseUrl: "https://aws-api.sigmacomputing.com", configFile: json });
    mkdirSync(join(dir, ".config", "sigmactl"), { recursive: true });
    writeFileSync(join(dir, ".config", "sigmactl", "config.yaml"), "cloud: gcp-ksa\n");
    expect(resolve({ env: creds }).baseUrl).toBe("https://api.sa.gcp.sigmacomputing.com");
  });

  it("fails on a named config file that does not exist or does not parse", () => {
    expect(configError(() => resolve({ env: { SIGMA_CONFIG: join(dir, "nope.yaml") } })).message).toMatch(/cannot read config file .*\(from SIGMA_CONFIG\): no such file \(ENOENT\)$/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "baseUrl: [unclosed\n");
    expect(configError(() => resolve({ configFile: bad })).message).toMatch(/neither valid YAML nor JSON/);
  });

  it("strips /v2 and trailing slashes, keeps a proxy prefix", () => {
    const url = (baseUrl: string) => resolve({ env: creds, flags: { baseUrl } }).baseUrl;
    expect(url("https://aws-api.sigmacomputing.com/v2")).toBe("https://aws-api.sigmacomputing.com");
    expect(url("https://aws-api.sigmacomputing.com/")).toBe("https://aws-api.sigmacomputing.com");
    expect(url("https://proxy.corp.example/sigma/v2/")).toBe("https://proxy.corp.example/sigma");
  });

  it("refuses plain http except on loopback", () => {
    const err = configError(() => resolve({ env: creds, flags: { baseUrl: "http://api.sigmacomputing.com" } }));
    expect(err.message).toMatch(/^ {2}--base-url: refusing plain http:\/\/ to api\.sigmacomputing\.com: /m);
    for (const ok of ["http://127.0.0.1:8080", "http://127.5.0.3", "http://localhost:3000/v2", "http://[::1]:9000"]) {
      expect(resolve({ env: creds, flags: { baseUrl: ok } }).baseUrl).toBe(ok.replace(/\/v2$/, ""));
    }
  });

  it("warns about a host that is not a published Sigma API host", () => {
    expect(resolve({ env: creds, flags: { baseUrl: "https://aws-api.sigmacomputing.com" } }).warnings).toEqual([]);
    expect(resolve({ env: creds, flags: { baseUrl: "https://proxy.example" } }).warnings[0]).toMatch(/not a published Sigma API host/);
    expect(resolve({ env: creds, flags: { baseUrl: "https://app.sigmacomputing.com" } }).warnings[0]).toMatch(/app host, not its API host/);
  });

  it("rejects an unknown cloud, suggesting the closest and listing the valid names", () => {
    const err = configError(() => resolve({ env: { ...creds, SIGMA_CLOUD: "aws-usa" } }));
    expect(err.message).toContain('\n  unknown cloud "aws-usa" (SIGMA_CLOUD): did you mean aws-us?');
    expect(err.message).toContain(CLOUD_NAMES.join(", "));
    expect(err.message).not.toMatch(/API host is missing/);
    expect(err.suggestions).toEqual(["use --cloud aws-us"]);
  });

  it("names the flag and variable of missing credentials, all problems at once, one sentence per line", () => {
    const err = configError(() => resolve({ env: {}, flags: { cloud: "aws-us" } }));
    expect(err.message).toBe(
      "invalid configuration:\n" +
        "  client id is missing: pass --client-id or set SIGMA_CLIENT_ID (or clientId in the config file)\n" +
        "  client secret is missing: pass --client-secret-file, or set SIGMA_CLIENT_SECRET or SIGMA_CLIENT_SECRET_FILE (or clientSecret in the config file)",
    );
    const noHost = configError(() => resolve({ env: creds }));
    expect(noHost.message).toBe(
      "invalid configuration:\n  API host is missing: pass --base-url or --cloud, or set SIGMA_BASE_URL or SIGMA_CLOUD (or baseUrl or cloud in the config file)",
    );
  });

  it("words bad values as sentences naming their source, never repeating a key or echoing the secret", () => {
    const file = join(dir, "c.yaml");
    writeFileSync(file, "cloud: aws-us\nclientId: 42\nclientSecret: 12345678901\nmaxRetries: 99\nconcurrency: '8'\n", { mode: 0o600 });
    const err = configError(() => resolve({ env: {}, configFile: file, flags: { timeoutMs: 0 } }));
    expect(err.message.split("\n").slice(1)).toEqual([
      `  client id must be text, got 42 (clientId in ${file})`,
      `  client secret must be text (clientSecret in ${file})`,
      "  request timeout must be a whole number of milliseconds from 1 to 3600000, got 0 (--timeout-ms)",
      `  maximum retries must be a whole number from 0 to 20, got 99 (maxRetries in ${file})`,
      `  concurrency must be a whole number from 1 to 64, got "8" (concurrency in ${file})`,
    ]);
    expect(err.message).not.toContain("12345678901");
    const blank = configError(() => resolve({ env: { SIGMA_CLIENT_ID: " ", SIGMA_CLIENT_SECRET: "env-secret-123", SIGMA_CLOUD: "aws-us" } }));
    expect(blank.message).toBe("invalid configuration:\n  client id is blank (SIGMA_CLIENT_ID)");
    // No line is "key: message" with the key repeated in the message.
    for (const line of [...err.message.split("\n"), ...blank.message.split("\n")]) expect(line).not.toMatch(/^\s*\w+: /);
  });

  it("reads the secret from a file, relative to the config file", () => {
    writeFileSync(join(dir, "secret.txt"), "from-file-secret\n");
    const file = join(dir, "c.yaml");
    writeFileSync(file, "clientSecretFile: secret.txt\n");
    expect(resolve({ env: { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us" }, configFile: file }).clientSecret).toBe("from-file-secret");
    const viaEnv = resolve({ env: { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us", SIGMA_CLIENT_SECRET_FILE: join(dir, "secret.txt") } });
    expect(viaEnv.clientSecret).toBe("from-file-secret");
    const err = configError(() => resolve({ env: { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us", SIGMA_CLIENT_SECRET_FILE: join(dir, "x") } }));
    expect(err.message).toMatch(/cannot read the client secret file .*x \(SIGMA_CLIENT_SECRET_FILE\): no such file \(ENOENT\)$/);
  });

  it("warns about a secret on the command line, in a world-readable file, and unknown file keys", () => {
    expect(resolve({ env: {}, flags: { cloud: "aws-us", clientId: "i", clientSecret: "flag-secret" } }).warnings[0]).toMatch(/--client-secret on the command line/);
    const file = join(dir, "c.yaml");
    writeFileSync(file, "cloud: aws-us\nclientId: i\nclientSecret: file-secret-2\nclientid: typo\n");
    chmodSync(file, 0o644);
    const w = resolve({ env: {}, configFile: file }).warnings.join("\n");
    expect(w).toMatch(/unknown key clientid \(did you mean clientId\?\)/);
    if (process.platform !== "win32") expect(w).toMatch(/readable by other users: chmod 600/);
  });

  it("warns about a secret file other users can read, not about a private one", () => {
    const secret = join(dir, "secret-file.txt");
    writeFileSync(secret, "from-file-secret\n");
    chmodSync(secret, 0o644);
    const env = { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us", SIGMA_CLIENT_SECRET_FILE: secret };
    if (process.platform !== "win32") expect(resolve({ env }).warnings).toContain(`client secret file ${secret} is readable by other users (mode 0644): chmod 600 ${secret}`);
    chmodSync(secret, 0o600);
    expect(resolve({ env }).warnings).toEqual([]);
  });

  it("rejects a base URL and a cloud that disagree in the same place, and bad numbers", () => {
    const err = configError(() => resolve({ env: creds, flags: { cloud: "aws-us", baseUrl: "https://api.sigmacomputing.com" } }));
    expect(err.message).toMatch(/--base-url and --cloud name different hosts/);
    const n = configError(() => resolve({ env: creds, flags: { cloud: "aws-us", concurrency: 0 } }));
    expect(n.message).toContain("concurrency must be a whole number from 1 to 64, got 0 (--concurrency)");
  });

  it("treats blank environment variables as unset", () => {
    const file = join(dir, "c.yaml");
    writeFileSync(file, "cloud: aws-us\nclientId: file-id\nclientSecret: file-secret-3\n");
    expect(resolve({ env: { SIGMA_CLIENT_ID: "", SIGMA_BASE_URL: "" }, configFile: file }).clientId).toBe("file-id");
  });
});
