/**
 * The packed package works as the README says, in a fresh project: `npm pack`, install the
 * tarball into a temporary project, then
 *   - `npx sigmactl --version`,
 *   - an ESM import of `sigmactl` and `sigmactl/emulator` that talks to an in-process emulator,
 *   - a `tsc` typecheck of a consumer under `moduleResolution: node10` and `nodenext`,
 *   - the tarball holds no source maps and has LICENSE, README, CHANGELOG.
 *
 *   npm run check:package            (CI runs it; ~1 min, builds dist/ through `prepack`)
 *
 * Installing is offline: `npm install --offline <tgz>` from the local cache. When the cache lacks
 * a dependency (machines without network), the tarball is unpacked into node_modules/sigmactl and
 * the repository's installed dependencies are linked next to it; the script says which it did.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const failures: string[] = [];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
  return { code: r.status ?? 1, out: r.stdout ?? "", err: r.stderr ?? "" };
}

function check(name: string, ok: boolean, detail = ""): void {
  process.stdout.write(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}\n`);
  if (!ok) failures.push(name);
}

const work = mkdtempSync(join(tmpdir(), "sigmactl-pack-"));
try {
  // 1. Pack (prepack builds a clean dist/).
  const packed = run("npm", ["pack", "--json", "--pack-destination", work], ROOT);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.err}`);
  const info = (JSON.parse(packed.out) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>)[0];
  if (!info) throw new Error("npm pack printed no package");
  const tgz = join(work, info.filename);
  const paths = info.files.map((f) => f.path);
  check("tarball", true, `${info.filename}, ${paths.length} files, ${(info.size / 1024).toFixed(0)} kB`);
  check("no source maps shipped", !paths.some((p) => p.endsWith(".map")));
  for (const f of ["LICENSE", "README.md", "CHANGELOG.md", "package.json", "dist/cli/main.js", "dist/index.d.ts", "dist/emulator/index.d.ts"]) check(`ships ${f}`, paths.includes(f));
  check("ships no tests or sources", !paths.some((p) => p.startsWith("test/") || p.startsWith("src/")));

  // 2. A fresh project.
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }, null, 2));
  const install = run("npm", ["install", "--offline", "--no-audit", "--no-fund", tgz], app);
  if (install.code === 0) check("npm install --offline <tgz>", true);
  else {
    const reason = install.err.split("\n").find((l) => /ERR! (code|notarget|request)|ENOTCACHED/.test(l)) ?? install.err.trim().split("\n")[0];
    process.stdout.write(`note: npm install --offline failed (${reason}); unpacking the tarball and linking the repository's dependencies instead\n`);
    const nm = join(app, "node_modules");
    mkdirSync(join(nm, "sigmactl"), { recursive: true });
    execFileSync("tar", ["-xzf", tgz, "-C", join(nm, "sigmactl"), "--strip-components=1"]);
    for (const entry of readdirSync(join(ROOT, "node_modules"))) {
      if (entry === ".bin" || entry === "sigmactl" || entry.startsWith(".")) continue;
      symlinkSync(join(ROOT, "node_modules", entry), join(nm, entry));
    }
    mkdirSync(join(nm, ".bin"));
    symlinkSync("../sigmactl/dist/cli/main.js", join(nm, ".bin", "sigmactl"));
    chmodSync(join(nm, "sigmactl", "dist", "cli", "main.js"), 0o755); // what npm does for a bin
    check("tarball unpacked into node_modules/sigmactl (dependencies linked)", true);
  }

  // 3. The CLI.
  const version = run("npx", ["--no-install", "sigmactl", "--version"], app);
  check("npx sigmactl --version", version.code === 0 && /\d+\.\d+\.\d+/.test(version.out), (version.out.trim() || version.err.trim()).split("\n")[0]);

  // 4. ESM imports of both entry points, used for real.
  writeFileSync(
    join(app, "use.mjs"),
    [
      'import { SigmaClient, materialize, extract, upload, buildLineageGraph, SigmaApiError } from "sigmactl";',
      'import { createEmulator } from "sigmactl/emulator";',
      'for (const [n, f] of Object.entries({ materialize, extract, upload, buildLineageGraph })) if (typeof f !== "function") throw new Error(n);',
      'const emu = await createEmulator({ size: "tiny", seed: 3 });',
      "const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });",
      "const who = await client.whoami();",
      "const truth = emu.truth();",
      "if (who.organizationId !== truth.organizationId) throw new Error('organization differs');",
      "console.log(JSON.stringify({ organizationId: who.organizationId, workbooks: truth.workbooks.length, apiError: typeof SigmaApiError }));",
      "await emu.close();",
    ].join("\n"),
  );
  const used = run(process.execPath, ["use.mjs"], app);
  check("ESM import of sigmactl and sigmactl/emulator", used.code === 0, (used.code === 0 ? used.out : used.err).trim().split("\n").slice(-1)[0]);

  // 5. Types under old and new module resolution.
  mkdirSync(join(app, "node_modules", "@types"), { recursive: true });
  try {
    symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(app, "node_modules", "@types", "node"));
  } catch {
    /* already there (linked install) */
  }
  const consumer = [
    'import { SigmaClient, materialize, type MaterializeResult, type Workbook } from "sigmactl";',
    'import { createEmulator, type Emulator, type EmulatorTruth } from "sigmactl/emulator";',
    "export async function refresh(): Promise<MaterializeResult> {",
    '  const emu: Emulator = await createEmulator({ size: "tiny" });',
    "  const truth: EmulatorTruth = emu.truth();",
    "  const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });",
    "  const first: Workbook | undefined = (await client.workbooks.list().toArray())[0];",
    '  const result = await materialize({ client, targets: [{ kind: "workbook", ref: first?.workbookId ?? truth.workbooks[0]!.workbookId }] });',
    "  await emu.close();",
    "  return result;",
    "}",
  ].join("\n");
  writeFileSync(join(app, "consumer.ts"), consumer);
  writeFileSync(join(app, "consumer.mts"), consumer);
  for (const [label, options, file] of [
    ["node10", { module: "commonjs", moduleResolution: "node10", esModuleInterop: true }, "consumer.ts"],
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }, "consumer.mts"],
  ] as const) {
    const config = join(app, `tsconfig.${label}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...options, target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] }, files: [file] }, null, 2));
    const tsc = run(process.execPath, [TSC, "-p", config], app);
    check(`tsc, moduleResolution ${label}`, tsc.code === 0, tsc.out.trim().split("\n").slice(0, 5).join(" | "));
  }
} finally {
  if (!process.env.SIGMACTL_KEEP_PACK_DIR) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
}
if (failures.length > 0) {
  process.stdout.write(`${failures.length} check(s) failed\n`);
  process.exitCode = 1;
}
