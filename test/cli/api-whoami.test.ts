/**
 * `whoami` and `api` in-process against a listening emulator (size tiny), checked against the
 * emulator's ground truth. Legacy lists answer bare arrays here so all three list styles occur.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { runCli, type CliResult } from "../helpers/run-cli.js";

interface Truth {
  organizationId: string;
  callerMemberId: string;
  members: Array<{ memberId: string }>;
  workbooks: Array<{ workbookId: string; hiddenFromCaller: boolean; isArchived: boolean; materializationSchedules: Array<{ sheetId: string; paused: boolean }> }>;
  dataModels: Array<{ dataModelId: string; isArchived: boolean }>;
}

let emu: Emulator;
let env: Record<string, string>;
let truth: Truth;

beforeAll(async () => {
  emu = await createEmulator({ seed: 3, size: "tiny", listen: true, legacyLists: "array", log: () => {} });
  env = { SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret, NO_COLOR: "1" };
  truth = emu.truth() as Truth;
});
afterAll(async () => {
  await emu?.close();
});

const cli = (...argv: string[]) => runCli(argv, { env });
const json = (r: CliResult): unknown => {
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe("whoami", () => {
  it("prints the caller, organization and host", async () => {
    const me = json(await cli("whoami", "--json")) as Record<string, unknown>;
    expect(me).toMatchObject({ userId: truth.callerMemberId, organizationId: truth.organizationId, baseUrl: emu.url, cloud: null });
    expect(me.email).toMatch(/@/);
    const human = await cli("whoami");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^user\\s+.+<.+@.+> \\(${truth.callerMemberId}\\)$`, "m"));
    expect(human.stdout).toMatch(new RegExp(`^organization\\s+${truth.organizationId}$`, "m"));
    expect(human.stdout).toMatch(new RegExp(`^host\\s+${emu.url.replace(/[.]/g, "\\.")}$`, "m"));
  });

  it("reads credentials from --config and --client-secret-file, relative to the working directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigmactl-cfg-"));
    writeFileSync(join(dir, "secret"), `${emu.clientSecret}\n`, { mode: 0o600 });
    writeFileSync(join(dir, "sigmactl.yaml"), `baseUrl: ${emu.url}\nclientId: ${emu.clientId}\nclientSecretFile: secret\n`);
    const viaFile = await runCli(["whoami", "--json", "--config", "sigmactl.yaml"], { cwd: dir, env: {} });
    expect(viaFile.stderr).toBe("");
    expect(JSON.parse(viaFile.stdout)).toMatchObject({ userId: truth.callerMemberId });
    const viaFlags = await runCli(
      ["whoami", "--json", "--base-url", emu.url, "--client-id", emu.clientId, "--client-secret-file", "secret"],
      { cwd: dir, env: {} },
    );
    expect(viaFlags.code).toBe(0);
    expect(JSON.parse(viaFlags.stdout)).toMatchObject({ organizationId: truth.organizationId });
  });

  it("exits 4 with a clear message on bad credentials", async () => {
    const r = await runCli(["whoami"], { env: { ...env, SIGMA_CLIENT_SECRET: "not-the-right-secret" } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: authentication failed: POST \/v2\/auth\/token failed with 401/);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toContain("not-the-right-secret");
  });
});

describe("api", () => {
  it("makes a raw GET and prints the JSON answer", async () => {
    const me = json(await cli("api", "GET", "/v2/whoami")) as Record<string, unknown>;
    expect(me.userId).toBe(truth.callerMemberId);
  });

  it("--paginate follows page/nextPage to the end, keeping the user's limit", async () => {
    const listable = truth.workbooks.filter((w) => !w.hiddenFromCaller && !w.isArchived).map((w) => w.workbookId);
    expect(listable.length).toBeGreaterThan(1);
    const all = json(await cli("api", "GET", "/v2/workbooks", "--paginate", "-f", "limit=1")) as Array<{ workbookId: string }>;
    expect(all.map((w) => w.workbookId).sort()).toEqual([...listable].sort());
    // Without --paginate the same call is one page of one entry, with a cursor.
    const one = json(await cli("api", "GET", "/v2/workbooks?limit=1")) as { entries: unknown[]; nextPage: string | null };
    expect(one.entries).toHaveLength(1);
    expect(one.nextPage).not.toBeNull();
  });

  it("--paginate follows pageToken/nextPageToken to the end", async () => {
    const dm = truth.dataModels.find((d) => !d.isArchived);
    expect(dm).toBeDefined();
    const path = `/v2/dataModels/${dm?.dataModelId}/sources`;
    const whole = json(await cli("api", "GET", path, "-F", "pageSize=1000")) as { entries: unknown[]; nextPageToken?: string };
    expect(whole.nextPageToken).toBeUndefined();
    expect(whole.entries.length).toBeGreaterThan(1);
    const paged = json(await cli("api", "GET", path, "--paginate", "-F", "pageSize=1"));
    expect(paged).toEqual(whole.entries);
  });

  it("--paginate returns a bare-array list as it is", async () => {
    const raw = json(await cli("api", "GET", "/v2/members"));
    expect(Array.isArray(raw)).toBe(true);
    const members = json(await cli("api", "GET", "/v2/members", "--paginate")) as Array<{ memberId: string }>;
    expect(members).toEqual(raw);
    // The same members through the always-paginated /v2.1 twin, one per page.
    const twin = json(await cli("api", "GET", "/v2.1/members", "--paginate", "-f", "limit=1")) as Array<{ memberId: string }>;
    expect(twin.length).toBeGreaterThan(1);
    expect(members.map((m) => m.memberId).sort()).toEqual(twin.map((m) => m.memberId).sort());
  });

  it("sends -f fields as a JSON body for POST", async () => {
    const wb = truth.workbooks.find((w) => !w.hiddenFromCaller && !w.isArchived && w.materializationSchedules.some((s) => !s.paused));
    expect(wb).toBeDefined();
    const sheetId = wb?.materializationSchedules.find((s) => !s.paused)?.sheetId ?? "";
    const started = json(await cli("api", "POST", `/v2/workbooks/${wb?.workbookId}/materializations`, "-f", `sheetId=${sheetId}`)) as {
      materializationId: string;
    };
    expect(started.materializationId).toEqual(expect.any(String));
    const job = json(await cli("api", "get", `/v2/workbooks/${wb?.workbookId}/materializations/${started.materializationId}`)) as Record<string, unknown>;
    expect(JSON.stringify(job)).toContain(started.materializationId);
  });

  it("reads the body from --input - (stdin) and refuses a body that is not JSON", async () => {
    const wb = truth.workbooks.find((w) => !w.hiddenFromCaller && !w.isArchived && w.materializationSchedules.some((s) => !s.paused));
    const sheetId = wb?.materializationSchedules.find((s) => !s.paused)?.sheetId ?? "";
    const path = `/v2/workbooks/${wb?.workbookId}/materializations`;
    const ok = await runCli(["api", "POST", path, "--input", "-"], { env, stdin: JSON.stringify({ sheetId }) });
    expect((json(ok) as { materializationId?: string }).materializationId).toEqual(expect.any(String));
    const bad = await runCli(["api", "POST", path, "--input", "-"], { env, stdin: "sheetId=1" });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^error: standard input is not valid JSON/);
  });

  it("exits 7 on a 4xx that was not retried (its body printed) and 3 on misuse", async () => {
    const missing = await cli("api", "GET", "/v2/workbooks/00000000-0000-4000-8000-000000000000");
    expect(missing.code).toBe(7);
    expect(JSON.parse(missing.stdout)).toBeTypeOf("object");
    expect(missing.stderr).toMatch(/^error: GET \/v2\/workbooks\/0{8}-0000-4000-8000-0{12} failed with 404/);
    const post = await cli("api", "POST", "/v2/workbooks", "--paginate");
    expect(post.code).toBe(3);
    expect(post.stderr).toBe("error: --paginate only works with GET\n");
    const single = await cli("api", "GET", "/v2/whoami", "--paginate");
    expect(single.code).toBe(3);
    expect(single.stderr).toContain("did not answer with a list");
  });

  it("never prints the client secret or an access token, even with --verbose", async () => {
    const r = await runCli(
      ["api", "POST", "/v2/auth/token", "--verbose", "--client-secret", emu.clientSecret, "-f", "grant_type=client_credentials", "-f", `client_id=${emu.clientId}`, "-f", `client_secret=${emu.clientSecret}`],
      { env: { ...env, SIGMA_CLIENT_SECRET: "" } },
    );
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(answer.access_token).toBe("[REDACTED]");
    expect(r.stderr).toMatch(/^POST \/v2\/auth\/token 200/m);
    for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(emu.clientSecret);
  });
});
