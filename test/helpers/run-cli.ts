/**
 * Run sigmactl from tests.
 *
 *   const r = await runCli(["whoami", "--json", "--base-url", emu.url], { env: creds });
 *   expect(r.code).toBe(0); JSON.parse(r.stdout);
 *
 * - `runCli(argv, opts)` runs in-process (fast, no process.exit): stdout/stderr are captured,
 *   the environment is ONLY `opts.env` (never the developer's SIGMA_* variables; HOME points
 *   to an empty place unless given, so no ~/.config/sigmactl file leaks in), stdin is
 *   `opts.stdin`, and `opts.signal` plays the role of SIGINT/SIGTERM for long-running commands.
 * - `captureContext(opts)` is the same captured CliContext, for calling command helpers directly.
 * - `spawnCli(argv, opts)` starts a real process (`node --import tsx src/cli/main.ts`, or the
 *   built `dist/cli/main.js` when it is newer than every file in src/) for end-to-end tests:
 *   real exit codes, real signals. Await `.exited` for the result; use `.waitForStdout()` to
 *   read a line while it runs and `.kill()` to signal it. Every spawned process is killed by
 *   `.exited`'s timeout (default 20 s) at the latest.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { runSigmactl } from "../../src/cli/run.js";
import type { CliContext } from "../../src/cli/context.js";
import type { CommandModule } from "../../src/cli/program.js";

/** What a CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A home directory that does not exist: the default config file is never found. */
export const EMPTY_HOME = join(tmpdir(), "sigmactl-test-home-does-not-exist");

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** The environment of the run (default `{ NO_COLOR: "1" }`), plus HOME=EMPTY_HOME unless it sets HOME. */
  env?: Record<string, string | undefined>;
  /** Standard input content (for `--input -`). */
  stdin?: string;
  /** Aborting it is SIGINT/SIGTERM for the command. */
  signal?: AbortSignal;
  /** Working directory (default: process.cwd()). */
  cwd?: string;
  /** Pretend stdout/stderr are terminals (colours then follow env; the default env sets NO_COLOR). */
  tty?: boolean;
  /** Replace the discovered commands with these (tests of the CLI core). */
  commands?: CommandModule[];
}

/** A CliContext whose streams are captured: for tests that call command helpers directly. */
export function captureContext(opts: Omit<RunCliOptions, "commands"> = {}): {
  ctx: CliContext;
  stdout(): string;
  stderr(): string;
} {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = {
    stdout: { write: (s) => void (stdout += s) },
    stderr: { write: (s) => void (stderr += s) },
    stdoutIsTTY: opts.tty === true,
    stderrIsTTY: opts.tty === true,
    env: { HOME: EMPTY_HOME, ...(opts.env ?? { NO_COLOR: "1" }) },
    cwd: opts.cwd ?? process.cwd(),
    readStdin: async () => opts.stdin ?? "",
    signal: opts.signal ?? new AbortController().signal,
  };
  return { ctx, stdout: () => stdout, stderr: () => stderr };
}

/** Runs sigmactl in-process and captures its output. */
export async function runCli(argv: string[], opts: RunCliOptions = {}): Promise<CliResult> {
  const cap = captureContext(opts);
  const code = await runSigmactl(argv, cap.ctx, { commands: opts.commands });
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Newest modification time of the files under `dir` (recursively), in ms. */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The command line that starts sigmactl: the build when it is up to date, else the sources via tsx. */
export function cliCommand(): string[] {
  const dist = join(ROOT, "dist/cli/main.js");
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(ROOT, "src"))) return [dist];
  // tsx's loader by absolute URL, so the child may run in any working directory.
  return ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, join(ROOT, "src/cli/main.ts")];
}

/** Options of {@link spawnCli}. */
export interface SpawnCliOptions {
  /** Added to a clean environment (PATH, HOME=EMPTY_HOME, NO_COLOR=1; never the caller's SIGMA_*). */
  env?: Record<string, string>;
  stdin?: string;
  cwd?: string;
  /** Kill the process (SIGKILL) if it has not exited after this long (default 20 000 ms). */
  timeoutMs?: number;
}

/** A running sigmactl process. */
export interface SpawnedCli {
  child: ChildProcess;
  /** Resolves when the process exits; `code` is the exit code, or 128+n when killed by signal n. */
  exited: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  /** Resolves with the first complete stdout line matching `match` (rejects after `timeoutMs` or on exit). */
  waitForStdout(match: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Starts sigmactl as a real child process. */
export function spawnCli(argv: string[], opts: SpawnCliOptions = {}): SpawnedCli {
  const env = { PATH: process.env.PATH ?? "", HOME: EMPTY_HOME, NO_COLOR: "1", ...opts.env };
  const child = spawn(process.execPath, [...cliCommand(), ...argv], {
    cwd: opts.cwd ?? ROOT,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
    for (const l of listeners) l();
  });
  child.stderr.setEncoding("utf8").on("data", (s: string) => void (stderr += s));
  child.stdin.end(opts.stdin ?? "");

  const killer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
  const exited = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      for (const l of listeners) l();
      resolve({ code: code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0), signal, stdout, stderr });
    });
  });

  const waitForStdout = (match: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = stdout.split("\n").slice(0, -1).find((l) => match.test(l));
        if (line !== undefined) done(() => resolve(line));
        else if (child.exitCode !== null || child.signalCode !== null)
          done(() => reject(new Error(`sigmactl exited before printing ${match}; stderr:\n${stderr}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no stdout line matched ${match} within ${timeoutMs} ms; stderr:\n${stderr}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return { child, exited, waitForStdout, kill: (signal = "SIGTERM") => void child.kill(signal) };
}
