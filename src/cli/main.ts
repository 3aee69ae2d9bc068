#!/usr/bin/env node
/**
 * The sigmactl executable: wires the real process (streams, environment, signals) into
 * runSigmactl and is the only place in sigmactl that calls process.exit.
 */
import { ExitCode } from "./exit-codes.js";
import { runSigmactl } from "./run.js";
import type { CliContext } from "./context.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks one question on the terminal (config init). */
async function prompt(question: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Resolves once everything written so far to `stream` has been handed to the OS (pipes are async). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

async function main(): Promise<never> {
  const shutdown = new AbortController();
  let received: NodeJS.Signals | undefined;
  // Shell convention for "stopped by a signal": 128 + its number.
  const signalExit = (sig: NodeJS.Signals) => (sig === "SIGINT" ? 130 : 143);
  const onSignal = (sig: NodeJS.Signals) => {
    // A second Ctrl-C means "now": do not wait for the command to wind down.
    if (received) process.exit(signalExit(sig));
    received = sig;
    // The reason names the signal: the --json document's exitCode says 143 for SIGTERM (exit-codes.ts).
    shutdown.abort(Object.assign(new Error(`received ${sig}`), { signal: sig }));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A closed pipe (`sigmactl ... | head`) is not an error worth a stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(ExitCode.Success);
  });

  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
    stderrRows: process.stderr.rows,
    env: process.env,
    cwd: process.cwd(),
    readStdin,
    signal: shutdown.signal,
    prompt: process.stdin.isTTY ? prompt : undefined,
  };
  const code = await runSigmactl(process.argv.slice(2), ctx);
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  // Exit explicitly: keep-alive sockets or an emulator's timers must not keep the process alive.
  // A command that stops cleanly on a signal (emulator, demo --keep) exits 0; one cut short says so.
  process.exit(received && code !== ExitCode.Success ? signalExit(received) : code);
}

main().catch((err: unknown) => {
  // runSigmactl renders every error itself; reaching here means the wiring above broke.
  process.stderr.write(`internal error (a bug in sigmactl): ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(ExitCode.Internal);
});
