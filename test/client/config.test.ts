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
    expect(configError(() => resolve({ env: { SIGMA_CONFIG: join(dir, "nope.yaml") } })).message).toMatch(/cannot read config file .*SIGMA_CONFIG.*ENOENT/);
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
    expect(err.message).toMatch(/baseUrl: refusing plain http:\/\/ to api\.sigmacomputing\.com.*--base-url/);
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
    expect(err.message).toContain('cloud: unknown cloud "aws-usa" (SIGMA_CLOUD); did you mean aws-us?');
    expect(err.message).toContain(CLOUD_NAMES.join(", "));
    expect(err.message).not.toMatch(/missing API host/);
    expect(err.suggestions).toEqual(["use --cloud aws-us"]);
  });

  it("names the flag and variable of missing credentials, all problems at once", () => {
    const err = configError(() => resolve({ env: {}, flags: { cloud: "aws-us" } }));
    expect(err.message).toContain("clientId: missing clientId: pass --client-id or set SIGMA_CLIENT_ID");
    expect(err.message).toMatch(/client secret: missing client secret: pass --client-secret-file or set SIGMA_CLIENT_SECRET/);
    const noHost = configError(() => resolve({ env: creds }));
    expect(noHost.message).toMatch(/baseUrl: missing API host: pass --base-url or --cloud, or set SIGMA_BASE_URL or SIGMA_CLOUD/);
  });

  it("reads the secret from a file, relative to the config file", () => {
    writeFileSync(join(dir, "secret.txt"), "from-file-secret\n");
    const file = join(dir, "c.yaml");
    writeFileSync(file, "clientSecretFile: secret.txt\n");
    expect(resolve({ env: { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us" }, configFile: file }).clientSecret).toBe("from-file-secret");
    const viaEnv = resolve({ env: { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us", SIGMA_CLIENT_SECRET_FILE: join(dir, "secret.txt") } });
    expect(viaEnv.clientSecret).toBe("from-file-secret");
    const err = configError(() => resolve({ env: { SIGMA_CLIENT_ID: "i", SIGMA_CLOUD: "aws-us", SIGMA_CLIENT_SECRET_FILE: join(dir, "x") } }));
    expect(err.message).toMatch(/client secret: cannot read secret file .*ENOENT \(SIGMA_CLIENT_SECRET_FILE\)/);
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

  it("rejects a base URL and a cloud that disagree in the same place, and bad numbers", () => {
    const err = configError(() => resolve({ env: creds, flags: { cloud: "aws-us", baseUrl: "https://api.sigmacomputing.com" } }));
    expect(err.message).toMatch(/--base-url and --cloud name different hosts/);
    const n = configError(() => resolve({ env: creds, flags: { cloud: "aws-us", concurrency: 0 } }));
    expect(n.message).toMatch(/concurrency: /);
  });

  it("treats blank environment variables as unset", () => {
    const file = join(dir, "c.yaml");
    writeFileSync(file, "cloud: aws-us\nclientId: file-id\nclientSecret: file-secret-3\n");
    expect(resolve({ env: { SIGMA_CLIENT_ID: "", SIGMA_BASE_URL: "" }, configFile: file }).clientId).toBe("file-id");
  });
});
