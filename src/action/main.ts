#!/usr/bin/env node
/**
 * GitHub Action entry (action.yml, `runs: using: node20`): runs the built sigmactl CLI for the
 * `command` input with `--json`, keeps the JSON result in a file, and reports to the runner:
 * outputs `outcome`, `exit-code` and `result` (GITHUB_OUTPUT), a Markdown job summary
 * (GITHUB_STEP_SUMMARY) and an error annotation when the run failed. The step fails with the
 * CLI's exit code unless `fail-on-error: false`.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeOutputs, writeSummary, workflowCommand } from "./github-files.js";
import { ActionInputError, planFromInputs, type ActionPlan } from "./inputs.js";
import { outcomeOf, renderSummary } from "./summary.js";

/** The CLI next to this file in the built package (dist/action → dist/cli). */
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "..", "cli", "main.js");
const STDERR_TAIL = 4_000;

/** Runs the CLI; resolves with its exit code and the end of its stderr (also passed through). */
function runCli(plan: ActionPlan, env: NodeJS.ProcessEnv): Promise<{ code: number; stderrTail: string }> {
  mkdirSync(dirname(resolve(plan.resultFile)), { recursive: true });
  const out = createWriteStream(resolve(plan.resultFile));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...plan.argv], { cwd: resolve(plan.cwd), env: { ...env, ...plan.env }, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    child.stdout.pipe(out);
    child.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    // The runner cancels a step with SIGINT, then SIGTERM: pass them on so the CLI winds down.
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      out.end(() => done({ code: code ?? (signal === "SIGTERM" ? 143 : 130), stderrTail: tail }));
    });
  });
}

function readResult(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // no document (a crash before the CLI printed one): the exit code speaks
  }
}

/** The whole action; returns the process exit code. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let plan: ActionPlan;
  try {
    plan = planFromInputs(env);
  } catch (err) {
    if (!(err instanceof ActionInputError)) throw err;
    process.stdout.write(workflowCommand("error", err.message));
    writeOutputs(env.GITHUB_OUTPUT, { outcome: "usage-error", "exit-code": "3", result: "" });
    return 3;
  }
  for (const s of plan.secrets) process.stdout.write(workflowCommand("add-mask", s));
  process.stdout.write(`sigmactl ${plan.argv.join(" ")}\n`);
  const { code, stderrTail } = await runCli(plan, env);
  const doc = readResult(plan.resultFile);
  const outcome = outcomeOf(doc, code);
  writeOutputs(env.GITHUB_OUTPUT, { outcome, "exit-code": String(code), result: resolve(plan.resultFile) });
  writeSummary(env.GITHUB_STEP_SUMMARY, renderSummary({ command: plan.command, exitCode: code, outcome, resultFile: resolve(plan.resultFile), doc, stderrTail }));
  if (code !== 0) {
    const message = (doc as { error?: { message?: unknown } } | undefined)?.error?.message;
    process.stdout.write(workflowCommand(plan.failOnError ? "error" : "warning", `sigmactl ${plan.command} ended ${outcome} (exit ${code})${typeof message === "string" ? `: ${message}` : ""}`));
  }
  return plan.failOnError ? code : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runAction().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stdout.write(workflowCommand("error", `sigmactl action: ${err instanceof Error ? err.message : String(err)}`));
      process.exit(70);
    },
  );
}
