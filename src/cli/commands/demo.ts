/**
 * `sigmactl demo`: starts the emulator in-process on a loopback port (size small, short
 * materializations), runs the main jobs against it one step at a time, reports what each step
 * really did and where its files are, then stops the emulator.
 *
 * ADDING A STEP (materialize, extract, upload): write a `DemoStep` (src/cli/demo-step.ts) in
 * your own file, e.g. `commands/materialize-demo.ts` exporting `materializeDemoStep`, then add
 * one import and one entry to DEMO_STEPS below. Steps run in list order; a step that throws is
 * reported as failed, the others still run, and the demo exits 1.
 */
import { writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { closest } from "fastest-levenshtein";
import { AbortedError, JobFailedError, SigmaError, UserError } from "../../errors.js";
import { SigmaClient } from "../../client/client.js";
import { whoamiStep, workbooksStep } from "../demo-core-steps.js";
import { materializeDemoStep } from "./materialize-demo.js";
import { extractDemoStep } from "./extract-demo.js";
import { lineageDemoStep } from "./lineage-demo.js";
import type { DemoContext, DemoStep, DemoStepResult } from "../demo-step.js";
import { globalOptionsOf, type CliContext } from "../context.js";
import { createOutput, type Output } from "../output.js";
import { examples, positiveInt } from "../program.js";
import { packageVersion } from "../version.js";
import { selfCommand } from "../self-command.js";
import { ensureDirectory } from "../writable.js";

/** The demo, in order. Append your step here. */
export const DEMO_STEPS: DemoStep[] = [whoamiStep, workbooksStep, materializeDemoStep, extractDemoStep, lineageDemoStep];

interface DemoOptions {
  out: string;
  only?: string;
  seed: number;
  shape: "strict" | "real" | "chaotic";
  keep?: boolean;
}

interface StepOutcome {
  name: string;
  title: string;
  ok: boolean;
  durationMs: number;
  lines: string[];
  files: string[];
  data?: unknown;
  error?: string;
}

/** Registers `demo`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .summary("run every job against a built-in emulator")
    .description("run the jobs against a local emulator (no Sigma account needed) and show what they do")
    .option("--out <dir>", "directory for the files the steps write", ".sigmactl/demo")
    .option("--seed <n>", "seed of the emulated organisation", positiveInt, 1)
    .addOption(
      new Option("--shape <shape>", "how far the emulator's bodies stray from Sigma's document: strict, real (as Sigma's do) or chaotic")
        .choices(["strict", "real", "chaotic"])
        .default("real"),
    )
    .option("--only <steps>", `run only these steps, comma-separated (${DEMO_STEPS.map((st) => st.name).join(", ")})`)
    .option("--keep", "leave the emulator running afterwards (until Ctrl-C) to try commands against it")
    .addHelpText(
      "after",
      examples([
        ["npm run demo", "from a clone of the repository"],
        ["sigmactl demo --keep", "then point other commands at the emulator it leaves running"],
        ["sigmactl demo --shape chaotic", "every step against bodies that drift much more than Sigma's"],
        ["sigmactl demo --json > demo.json", "the outcome of every step as JSON"],
      ]),
    )
    .action(async (opts: DemoOptions, cmd: Command) => {
      const g = globalOptionsOf(cmd);
      const out = createOutput(ctx, g);
      const steps = selectSteps(opts.only);
      const outDir = resolve(ctx.cwd, opts.out);
      await ensureDirectory(outDir, "--out");
      // Lazy: the emulator (and its generator) is only loaded by the commands that run one.
      const { createEmulator } = await import("../../emulator/index.js");
      out.info(`starting the emulator (size small, shape ${opts.shape}) ...`);
      const emulator = await createEmulator({
        seed: opts.seed,
        size: "small",
        shape: opts.shape,
        listen: { host: "127.0.0.1", port: 0 },
        materializationTime: [2, 6],
        log: (line) => out.debug(line),
      });
      try {
        const client = new SigmaClient({
          baseUrl: emulator.url,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
          logger: out.logger,
          signal: ctx.signal,
          userAgent: `sigmactl/${packageVersion()} (demo)`,
        });
        const d: DemoContext = { client, emulator, outDir, out, ctx, signal: ctx.signal };
        if (!out.json) out.print(intro(emulator.url, opts.seed, outDir, ctx.cwd));
        const outcomes: StepOutcome[] = [];
        for (const [i, step] of steps.entries()) {
          if (ctx.signal.aborted) break;
          if (!out.json) out.print(`\n[${i + 1}/${steps.length}] ${step.title}\n`);
          const outcome = await runStep(step, d);
          outcomes.push(outcome);
          if (!out.json) out.print(renderOutcome(outcome, out, ctx.cwd));
        }
        // Ctrl-C during --keep is how the demo is meant to end; during a step it cuts the demo short.
        const cut = outcomes.length < steps.length || outcomes.some((o) => o.error === "interrupted");
        const failed = outcomes.filter((o) => !o.ok && o.error !== "interrupted");
        // Counted by the emulator: steps may use their own clients (extract does, for honest per-run figures).
        const requests = emulator.stats().requests;
        out.result(
          { emulator: { url: emulator.url, seed: opts.seed, size: "small", shape: opts.shape }, outDir, steps: outcomes, requests },
          () => outro(outcomes, steps.length, requests, relative(ctx.cwd, outDir) || ".", opts.keep === true, cut),
        );
        if (opts.keep) await keepRunning(emulator, outDir, out, ctx);
        if (cut) throw new AbortedError("demo interrupted; the emulator is stopped");
        if (failed.length > 0) {
          throw new JobFailedError(`${failed.length} of ${outcomes.length} demo steps failed: ${failed.map((f) => f.name).join(", ")}`);
        }
      } finally {
        await emulator.close();
      }
    });
}

/** The steps named by --only, in demo order (all of them without it). @throws UserError on an unknown name */
function selectSteps(only: string | undefined): DemoStep[] {
  if (only === undefined) return DEMO_STEPS;
  const names = only.split(",").map((n) => n.trim()).filter(Boolean);
  const known = DEMO_STEPS.map((st) => st.name);
  for (const n of names) {
    if (!known.includes(n)) {
      throw new UserError(`--only: no demo step named '${n}'`, { suggestions: [`steps: ${known.join(", ")} (did you mean ${closest(n, known)}?)`] });
    }
  }
  return DEMO_STEPS.filter((st) => names.includes(st.name));
}

async function runStep(step: DemoStep, d: DemoContext): Promise<StepOutcome> {
  const started = performance.now();
  let result: DemoStepResult | undefined;
  let error: string | undefined;
  try {
    result = await step.run(d);
  } catch (err) {
    // An unexpected exception is still a bug: keep its name so it is not mistaken for an API answer.
    error = err instanceof SigmaError ? err.message : `${(err as Error)?.name ?? "Error"}: ${(err as Error)?.message ?? String(err)}`;
    // Ctrl-C is not a failure of the step: say what happened in one word.
    if (d.signal.aborted) error = "interrupted";
  }
  return {
    name: step.name,
    title: step.title,
    ok: error === undefined,
    durationMs: Math.round(performance.now() - started),
    lines: result?.lines ?? [],
    files: result?.files ?? [],
    ...(result?.data === undefined ? {} : { data: result.data }),
    ...(error === undefined ? {} : { error }),
  };
}

function intro(url: string, seed: number, outDir: string, cwd: string): string {
  return [
    "sigmactl demo: every step below talks HTTP to a local Sigma API emulator (no Sigma account involved).",
    `  emulator   ${url}  (seed ${seed}, size small: a generated organisation; same seed, same org)`,
    `  output     ${relative(cwd, outDir) || "."}/  (where steps write their files)`,
    "",
  ].join("\n");
}

function renderOutcome(o: StepOutcome, out: Output, cwd: string): string {
  const c = out.colors;
  const lines = o.lines.map((l) => `      ${l}`);
  for (const f of o.files) lines.push(`      wrote ${relative(cwd, f)}`);
  const status = o.ok ? c.green("ok") : o.error === "interrupted" ? c.yellow("interrupted") : c.red(`FAILED: ${o.error}`);
  lines.push(`      ${status} (${(o.durationMs / 1000).toFixed(1)} s)`);
  return lines.join("\n") + "\n";
}

function outro(outcomes: StepOutcome[], planned: number, requests: number, outDir: string, keep: boolean, interrupted: boolean): string {
  const ok = outcomes.filter((o) => o.ok).length;
  if (interrupted) return `\ninterrupted: ${ok} of ${planned} steps done; the emulator answered ${requests} HTTP requests. Files are under ${outDir}/.\n`;
  const me = selfCommand();
  const lines = [
    "",
    `${ok} of ${outcomes.length} steps succeeded; the emulator answered ${requests} HTTP requests. Files are under ${outDir}/.`,
    "Next:",
    `  ${me} demo --keep      # keep the emulator running and try any command against it`,
    `  ${me} --help           # every command, with examples`,
    "For a real organisation see README.md (credentials, --cloud).",
  ];
  if (keep) lines.splice(2, 3);
  return lines.join("\n") + "\n";
}

/** --keep: write the emulator's credentials to a file (not the terminal) and wait for Ctrl-C. */
async function keepRunning(emulator: { url: string; clientId: string; clientSecret: string }, outDir: string, out: Output, ctx: CliContext): Promise<void> {
  const envFile = join(outDir, "emulator.env");
  const text = `export SIGMA_BASE_URL=${emulator.url}\nexport SIGMA_CLIENT_ID=${emulator.clientId}\nexport SIGMA_CLIENT_SECRET=${emulator.clientSecret}\n`;
  await writeFile(envFile, text, { mode: 0o600 });
  out.info(`\nthe emulator keeps running at ${emulator.url}; in another shell:`);
  out.info(`  source ${relative(ctx.cwd, envFile)} && ${selfCommand()} whoami`);
  out.info("press Ctrl-C to stop it.");
  if (ctx.signal.aborted) return;
  await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
}
