/**
 * The GitHub Action and the examples, run as they run in the wild, against the emulator on a
 * loopback port: the package is built once into a temporary directory (dist/, package.json,
 * the examples), the action's entry runs as the runner runs it (`node dist/action/main.js` with
 * INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), and the shell, Python and
 * Node examples run with `sigmactl` on the PATH. Python examples are compiled (py_compile), and
 * skip visibly when python3 is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";

const ROOT = resolve(import.meta.dirname, "../..");
const HAS_PYTHON = spawnSync("python3", ["--version"]).status === 0;
const SECRET_MARK = "::add-mask::";

let work: string;
let pkg: string;
let bin: string;
let emu: Emulator;
let workbookName: string;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a process with a bounded lifetime (killed after `timeoutMs`). */
function run(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? work, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A minimal environment: PATH with the built sigmactl first, no developer SIGMA_* settings. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: join(work, "home"), NO_COLOR: "1", XDG_STATE_HOME: join(work, "state"), ...extra };
}

function sigmaEnv(): Record<string, string> {
  return { SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret };
}

/** Parses a GITHUB_OUTPUT file (heredoc form). */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!m) continue;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i] ?? "");
    out[m[1] as string] = value.join("\n");
  }
  return out;
}

/** Runs the built action entry with INPUT_* variables, as the runner does. */
async function runAction(name: string, inputs: Record<string, string>) {
  const dir = join(work, "runs", name);
  mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = { RUNNER_TEMP: dir, GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary.md"), GITHUB_RUN_ID: "7" };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  writeFileSync(env.GITHUB_OUTPUT as string, "");
  const ran = await run(process.execPath, [join(pkg, "dist", "action", "main.js")], { env: baseEnv(env), cwd: dir, timeoutMs: 90_000 });
  const outputs = readOutputs(env.GITHUB_OUTPUT as string);
  const summary = existsSync(env.GITHUB_STEP_SUMMARY as string) ? readFileSync(env.GITHUB_STEP_SUMMARY as string, "utf8") : "";
  return { ...ran, outputs, summary, dir };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sigmactl-action-"));
  pkg = join(work, "pkg");
  bin = join(work, "bin");
  mkdirSync(bin);
  mkdirSync(join(work, "home"));
  // The package as it ships (dist/ from src, package.json for the version), with the examples
  // inside so that `import "sigmactl"` resolves to it by self-reference.
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  cpSync(join(ROOT, "examples"), join(pkg, "examples"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"));
  writeFileSync(join(bin, "sigmactl"), `#!/bin/sh\nexec "${process.execPath}" "${join(pkg, "dist", "cli", "main.js")}" "$@"\n`);
  chmodSync(join(bin, "sigmactl"), 0o755);

  emu = await createEmulator({ seed: 11, size: "tiny", listen: true, materializationTime: [0, 1] });
  const truth = emu.truth();
  const wb = truth.workbooks.find((w) => !w.hiddenFromCaller && !w.isArchived && w.materializationSchedules.some((s) => !s.paused));
  if (!wb) throw new Error("the tiny org has no workbook with an unpaused schedule");
  workbookName = wb.name;
}, 180_000);

afterAll(async () => {
  await emu?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("GitHub Action (dist/action/main.js, as the runner runs it)", () => {
  it("materialize: outcome, exit code and result path in GITHUB_OUTPUT, a job table in the summary, the secret masked and never in argv", async () => {
    const r = await runAction("materialize", { command: "materialize", "base-url": emu.url, "client-id": emu.clientId, "client-secret": emu.clientSecret, workbook: workbookName, timeout: "60s" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ outcome: "ready", "exit-code": "0" });
    const doc = JSON.parse(readFileSync(r.outputs.result as string, "utf8")) as { outcome: string; jobs: Array<{ status: string; documentName: string }> };
    expect(doc.outcome).toBe("ready");
    expect(doc.jobs.length).toBeGreaterThan(0);
    expect(doc.jobs.every((j) => j.status === "ready" && j.documentName === workbookName)).toBe(true);
    expect(r.summary).toContain("### ✅ sigmactl materialize: ready");
    expect(r.summary).toContain("| Document | Element | Status | Duration | Error |");
    expect(r.summary).toContain(`| ${workbookName} |`);
    expect(r.stdout).toContain(`${SECRET_MARK}${emu.clientSecret}`);
    const echoed = r.stdout.split("\n").find((l) => l.startsWith("sigmactl materialize")) ?? "";
    expect(echoed).toContain("--json");
    expect(echoed).not.toContain(emu.clientSecret);
  });

  it("extract then upload: files in the output directory, uploads reach the (fake) Catalog", async () => {
    const out = join(work, "extract-out");
    const e = await runAction("extract", { command: "extract", "base-url": emu.url, "client-id": emu.clientId, "client-secret": emu.clientSecret, "output-dir": out, assets: "castor" });
    expect(e.code, e.stderr).toBe(0);
    expect(e.outputs["exit-code"]).toBe("0");
    const doc = JSON.parse(readFileSync(e.outputs.result as string, "utf8")) as { outcome?: string; files: unknown[] };
    expect(e.outputs.outcome).toBe(doc.outcome ?? "success");
    expect(doc.files.length).toBe(10);
    expect(e.summary).toContain("| Asset | Rows |");

    const before = emu.uploads().length;
    const u = await runAction("upload", { command: "upload", "output-dir": out, "source-id": "6f1c2a4e-8b3d-4e5f-9a7b-1c2d3e4f5a6b", "catalog-token": "catalog-token-xyz", "ingest-url": `${emu.url}/__emulator/ingest` });
    expect(u.code, u.stderr).toBe(0);
    expect(emu.uploads().length - before).toBeGreaterThanOrEqual(10);
    expect(u.summary).toContain("uploaded |");
    expect(u.stdout).toContain(`${SECRET_MARK}catalog-token-xyz`);
  });

  it("a refused credential: exit 4 and an error annotation; with fail-on-error false the step passes and the outputs tell", async () => {
    const inputs = { command: "materialize", "base-url": emu.url, "client-id": emu.clientId, "client-secret": "wrong-secret", workbook: workbookName };
    const failed = await runAction("auth", inputs);
    expect(failed.code).toBe(4);
    expect(failed.outputs["exit-code"]).toBe("4");
    expect(failed.outputs.outcome).not.toBe("ready");
    expect(failed.stdout).toMatch(/^::error::sigmactl materialize ended \S+ \(exit 4\)/m);
    expect(failed.summary).toContain("### ❌ sigmactl materialize");

    const tolerated = await runAction("auth-tolerated", { ...inputs, "fail-on-error": "false" });
    expect(tolerated.code).toBe(0);
    expect(tolerated.outputs["exit-code"]).toBe("4");
    expect(tolerated.stdout).toMatch(/^::warning::/m);
  });

  it("a mistake in the workflow file: exit 3 with an annotation naming the input", async () => {
    const r = await runAction("bad-input", { command: "deploy" });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("::error::input command: expected one of materialize, extract, upload");
    expect(r.outputs).toMatchObject({ outcome: "usage-error", "exit-code": "3" });
  });
});

describe("examples, against the emulator", () => {
  it("node/refresh-after-load.mjs: the library from the package, every job ready", async () => {
    const r = await run(process.execPath, [join(pkg, "examples", "node", "refresh-after-load.mjs"), workbookName], { env: baseEnv(sigmaEnv()) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("outcome: ready");
    expect(r.stdout).toContain(`${workbookName}\t`);
  });

  it("cron/sigma-nightly.sh: extract, then upload the newest run; the next night runs again (--since last)", async () => {
    const dir = join(work, "nightly");
    const env = baseEnv({ ...sigmaEnv(), SIGMA_EXTRACT_DIR: dir, CASTOR_UPLOADER_TOKEN: "nightly-token", CASTOR_UPLOADER_SOURCE_ID: "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b", CATALOG_INGEST_URL: `${emu.url}/__emulator/ingest` });
    const before = emu.uploads().length;
    const first = await run("bash", [join(pkg, "examples", "cron", "sigma-nightly.sh")], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/sigma-nightly: done/);
    expect(emu.uploads().length).toBeGreaterThan(before);
    const second = await run("bash", [join(pkg, "examples", "cron", "sigma-nightly.sh")], { env });
    expect(second.code, second.stderr).toBe(0);
  });

  it("dbt-core/dbt-build-then-refresh.sh: dbt first (a stand-in), then the targets file; a failing dbt refreshes nothing", async () => {
    const project = join(work, "dbt-project");
    mkdirSync(project, { recursive: true });
    const fakeDbt = join(work, "fake-dbt");
    writeFileSync(fakeDbt, `#!/bin/sh\necho "dbt $*" >> "${join(project, "dbt.log")}"\nmkdir -p target && echo '{"results":[]}' > target/run_results.json\nexit \${FAKE_DBT_EXIT:-0}\n`);
    chmodSync(fakeDbt, 0o755);
    const targets = join(project, "targets.yaml");
    writeFileSync(targets, `- workbook: ${JSON.stringify(workbookName)}\n`);
    const env = baseEnv({ ...sigmaEnv(), DBT: fakeDbt, SIGMA_TARGETS: targets, SIGMA_TIMEOUT: "60s" });
    const script = join(pkg, "examples", "dbt-core", "dbt-build-then-refresh.sh");
    const ok = await run("bash", [script, "--select", "marts"], { env, cwd: project });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(project, "dbt.log"), "utf8")).toContain("dbt build --select marts");
    const result = JSON.parse(readFileSync(join(project, "target", "sigma-refresh.json"), "utf8")) as { outcome: string };
    expect(result.outcome).toBe("ready");

    rmSync(join(project, "target"), { recursive: true });
    const broken = await run("bash", [script], { env: { ...env, FAKE_DBT_EXIT: "2" }, cwd: project });
    expect(broken.code).toBe(2);
    expect(existsSync(join(project, "target", "sigma-refresh.json"))).toBe(false);
  });

  it("systemd units run the cron script once a day", () => {
    const service = readFileSync(join(ROOT, "examples/systemd/sigmactl-nightly.service"), "utf8");
    const timer = readFileSync(join(ROOT, "examples/systemd/sigmactl-nightly.timer"), "utf8");
    expect(service).toMatch(/^Type=oneshot$/m);
    expect(service).toMatch(/^ExecStart=\S*\/examples\/cron\/sigma-nightly\.sh$/m);
    expect(timer).toMatch(/^OnCalendar=\*-\*-\* 05:15:00 UTC$/m);
    expect(timer).toMatch(/^Persistent=true$/m);
  });

  it.skipIf(!HAS_PYTHON)("rivery/sigmactl_logic_step.py runs against the emulator", async () => {
    const r = await run("python3", [join(pkg, "examples", "rivery", "sigmactl_logic_step.py")], { env: baseEnv({ ...sigmaEnv(), SIGMA_WORKBOOKS: workbookName, SIGMA_TIMEOUT: "60s" }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("sigmactl materialize: ready (exit 0)");
  });

  it.skipIf(!HAS_PYTHON)("the Python examples (Airflow, Dagster, Rivery) compile", () => {
    const files = ["airflow/sigmactl_operator.py", "airflow/sigma_refresh_dag.py", "dagster/sigma_ops.py", "rivery/sigmactl_logic_step.py"].map((f) => join(ROOT, "examples", f));
    const r = spawnSync("python3", ["-c", "import py_compile, sys\nfor i, f in enumerate(sys.argv[2:]): py_compile.compile(f, cfile=f'{sys.argv[1]}/{i}.pyc', doraise=True)", mkdtempSync(join(work, "pyc-")), ...files], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
