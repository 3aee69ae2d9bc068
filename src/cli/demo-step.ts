/**
 * The contract of one `sigmactl demo` step. Steps live next to their command
 * (e.g. `commands/materialize-demo.ts`) and are listed in `commands/demo.ts`.
 */
import type { SigmaClient } from "../client/client.js";
import type { Emulator } from "../emulator/index.js";
import type { CliContext } from "./context.js";
import type { Output } from "./output.js";

/** What a step runs with. */
export interface DemoContext {
  /** A client authenticated against the demo's emulator. */
  client: SigmaClient;
  /** The running emulator (use `truth()` to check results against the ground truth). */
  emulator: Emulator;
  /** Absolute directory where steps write their files (created before the first step). */
  outDir: string;
  /** For logging; a step prints nothing on stdout itself: it returns its lines. */
  out: Output;
  ctx: CliContext;
  signal: AbortSignal;
}

/** What a step reports: real figures from the run, never canned text. */
export interface DemoStepResult {
  /** Human lines shown under the step's title. */
  lines: string[];
  /** Files the step wrote (absolute paths), shown so the user knows where to look. */
  files?: string[];
  /** Machine-readable outcome for `demo --json`. */
  data?: unknown;
}

/** One step of the demo. */
export interface DemoStep {
  /** Short id (`whoami`, `materialize`, ...). */
  name: string;
  /** One-line title shown before the step runs. */
  title: string;
  /** Does the work against `d.client`; throwing marks the step failed (the demo goes on). */
  run(d: DemoContext): Promise<DemoStepResult>;
}
