/**
 * End-to-end harness: an emulator on a loopback port, a temp state dir, the CLI run in-process
 * against it, and look-ups of documents that have (paused or unpaused) schedules.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SigmaClient } from "../../../src/client/index.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../../src/emulator/index.js";
import type { MaterializationSchedule } from "../../../src/schemas/index.js";
import { runCli, type CliResult } from "../../helpers/run-cli.js";

/** A running emulator plus helpers; call close() in afterAll/afterEach. */
export interface E2E {
  emu: Emulator;
  dir: string;
  env: Record<string, string>;
  /** Runs `sigmactl <argv>` in-process against the emulator (fast polling unless overridden). */
  cli(argv: string[], opts?: { tty?: boolean; env?: Record<string, string> }): Promise<CliResult>;
  /** An in-process client for look-ups (never the code under test). */
  client: SigmaClient;
  close(): Promise<void>;
}

/** Starts an emulator listening on 127.0.0.1 with short materializations. */
export async function startE2E(options: EmulatorOptions = {}): Promise<E2E> {
  const emu = await createEmulator({ size: "small", materializationTime: [0.1, 0.3], listen: true, log: () => undefined, ...options });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-mat-e2e-"));
  const env = {
    NO_COLOR: "1",
    SIGMA_BASE_URL: emu.url,
    SIGMA_CLIENT_ID: emu.clientId,
    SIGMA_CLIENT_SECRET: emu.clientSecret,
    SIGMACTL_STATE_DIR: dir,
  };
  const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
  return {
    emu,
    dir,
    env,
    client,
    cli: (argv, opts = {}) => {
      // Fast polling for tests, unless the test sets its own (`status` has no such flag).
      const fast = argv.includes("--poll-interval") || argv[1] === "status" ? [] : ["--poll-interval", "100ms:300ms"];
      return runCli([...argv, ...fast], { env: { ...env, ...opts.env }, tty: opts.tty, cwd: dir });
    },
    close: async () => {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A document and its schedules. */
export interface WithSchedules {
  id: string;
  name: string;
  schedules: MaterializationSchedule[];
}

/** Workbooks that have at least one schedule, with their schedules. */
export async function workbooksWithSchedules(client: SigmaClient): Promise<WithSchedules[]> {
  const out: WithSchedules[] = [];
  for (const w of await client.workbooks.list().toArray()) {
    const schedules = await client.workbooks.materializationSchedules(w.workbookId).toArray();
    if (schedules.length > 0) out.push({ id: w.workbookId, name: w.name ?? w.workbookId, schedules });
  }
  return out;
}

/** Data models that have at least one schedule. */
export async function dataModelsWithSchedules(client: SigmaClient): Promise<WithSchedules[]> {
  const out: WithSchedules[] = [];
  for (const d of await client.dataModels.list().toArray()) {
    const schedules = await client.dataModels.materializationSchedules(d.dataModelId).toArray();
    if (schedules.length > 0) out.push({ id: d.dataModelId, name: d.name ?? d.dataModelId, schedules });
  }
  return out;
}

/** True when no other document of the list shares this one's name (names are matched by the CLI). */
export function uniqueName(list: WithSchedules[], all: Array<{ name: string }>): WithSchedules | undefined {
  return list.find((d) => all.filter((x) => x.name === d.name).length === 1);
}
