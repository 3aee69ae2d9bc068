/** Shared bits of the benchmark scripts. */
import { spawn, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { newestMtime } from "../test/helpers/run-cli.js";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

/** Absolute path of the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Node arguments that run a TypeScript entry point through tsx. */
export const tsxArgs = ["--import", "tsx"];

let built: string | undefined;

/**
 * The built CLI (`dist/cli/main.js`), as users run it: measured runs must not include tsx
 * compiling TypeScript on the fly (it added ~15% to a one-second incremental extraction). Built
 * first when missing or older than a source file.
 */
export function builtCli(): string {
  if (built) return built;
  const main = resolve(repoRoot, "dist/cli/main.js");
  let stale: boolean;
  try {
    stale = statSync(main).mtimeMs < newestMtime(resolve(repoRoot, "src"));
  } catch {
    stale = true;
  }
  if (stale) {
    process.stderr.write("bench: building dist/ (npm run build) so the CLI runs as shipped\n");
    const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error("bench: npm run build failed");
  }
  return (built = main);
}

/** What a `sigmactl extract` child process printed, and how long it ran. */
export interface ExtractChild {
  code: number | null;
  stdout: string;
  processMs: number;
}

/**
 * Runs `sigmactl extract -o dir --concurrency N --json --quiet --max-errors ∞ ...extra` as a
 * child process against an emulator (its own process, so its peak RSS is its own).
 */
export async function spawnExtract(emu: { url: string; clientId: string; clientSecret: string }, dir: string, concurrency: number, extra: string[] = []): Promise<ExtractChild> {
  const args = [builtCli(), "extract", "-o", dir, "--concurrency", String(concurrency), "--json", "--quiet", "--max-errors", "1000000", ...extra];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CASTOR_SIGMA_HOST: emu.url, CASTOR_SIGMA_CLIENT_ID: emu.clientId, CASTOR_SIGMA_API_TOKEN: emu.clientSecret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, processMs: Math.round(performance.now() - t0) };
}
