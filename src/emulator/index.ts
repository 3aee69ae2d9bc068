/**
 * A faithful local Sigma API emulator: a seeded invented organisation served through Sigma's
 * own paths, envelopes, status codes and quirks, in-process (`emu.fetch`) or on a loopback
 * port. See decisions/0001 for the surface and docs/sigma-api-facts.md for the behaviour it copies.
 *
 *   const emu = await createEmulator({ seed: 7, listen: true, shape: "real" });
 *   const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret });
 *   ...
 *   await emu.close();
 */
import { credentialsFor } from "./auth-store.js";
import { systemClock, type Clock } from "./clock.js";
import { createDispatcher } from "./dispatch.js";
import type { FaultSpec } from "./faults.js";
import type { LatencyOptions } from "./latency.js";
import { resolveOptions, type EmulatorOptions } from "./options.js";
import { defaultOrgProvider } from "./org-provider.js";
import { listen, type ListeningServer } from "./server.js";
import { EmulatorState, type IngestRecord } from "./state.js";
import type { EmulatorStats } from "./stats.js";
import type { Truth as EmulatorTruth } from "./org/truth.js";
import { createFetch, createHandler, type FetchFn } from "./transport-fetch.js";

// The public surface of `sigmactl/emulator` (recorded in etc/sigmactl.api.md). Internal pieces
// (fault-spec parser, protected-field lists, org providers) are imported from their files.
export type { EmulatorOptions } from "./options.js";
export type { EmulatorStats } from "./stats.js";
export type { FaultRule, FaultSpec, FaultKind } from "./faults.js";
export type { LatencyOptions } from "./latency.js";
export type { RateLimitOptions } from "./limits.js";
export type { LineageIds } from "./org/lineage.js";
export type { OrgSize } from "./org/types.js";
export type { Truth as EmulatorTruth, TruthSchedule } from "./org/truth.js";
export type { IngestRecord } from "./state.js";
export type { ConcurrentTrigger } from "./materialization.js";
export type { LegacyListMode } from "./pagination.js";
export type { ConnectionSyncStat } from "./connection-syncs.js";
export type { FetchFn } from "./transport-fetch.js";
export type { ShapeStats } from "./shape/tally.js";
export { DEFAULT_SHAPE, SHAPES, type Shape } from "./shape/modes.js";
export { SYSTEM_MEMBER_ID } from "./shape/system-member.js";
export { ManualClock, systemClock, type Clock } from "./clock.js";
export { CONTROL_TOKEN_HEADER } from "./control-access.js";

/** Runtime controls of a running emulator (also reachable over /__emulator/ routes). */
export interface EmulatorControl {
  /** Replaces the fault configuration (spec string or object); counters and stream restart. */
  setFaults(spec: FaultSpec | string): void;
  /** Replaces the injected latency. */
  setLatency(latency: LatencyOptions): void;
  /** Changes `n` workbooks (new versions); returns their ids. */
  mutateWorkbooks(n: number): string[];
  /** Revokes every issued access and refresh token; returns how many access tokens were live. */
  revokeTokens(): number;
  /** Makes every future run of these sheetIds (or dataset ids) fail. */
  failSheets(ids: string[]): void;
  /** Back to the seeded start (org, runs, uploads, stats); issued tokens stay valid. */
  reset(): void;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>` when listening, else "http://emulator.local" (for emu.fetch). */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Token the /__emulator/ control routes require, or undefined when they are open (loopback). */
  controlToken: string | undefined;
  /** Fetch-standard, in-process (no socket). */
  fetch: FetchFn;
  /** The core as a `(Request) => Promise<Response>` handler (a reset fault throws). */
  handler: (request: Request) => Promise<Response>;
  clock: Clock;
  /** Ground-truth inventory, same as GET /__emulator/truth: what a complete extraction must find. */
  truth(): EmulatorTruth;
  /** Same as GET /__emulator/stats. */
  stats(): EmulatorStats;
  /** Files received by the fake catalog ingest. */
  uploads(): IngestRecord[];
  control: EmulatorControl;
  /** Stops listening (closing keep-alive connections). Idempotent. */
  close(): Promise<void>;
}

/** Creates (and, with `listen`, starts serving) an emulator. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const opts = resolveOptions(options);
  const clock = options.clock ?? systemClock;
  const provider = options.orgProvider ?? (await defaultOrgProvider());
  const credentials = credentialsFor(opts.seed);
  const state = new EmulatorState(opts, clock, provider, credentials, options.org);
  const dispatch = createDispatcher(state);
  let server: ListeningServer | undefined;
  if (opts.listen) {
    server = await listen(dispatch, opts.listen.host, opts.listen.port, (err) =>
      opts.log(`sigma-emulator: ${(err as Error)?.message ?? String(err)}`),
    );
  }
  let closed: Promise<void> | undefined;
  return {
    url: server?.url ?? "http://emulator.local",
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    controlToken: opts.controlToken,
    fetch: createFetch(dispatch),
    handler: createHandler(dispatch),
    clock,
    truth: () => state.truth(),
    stats: () => state.snapshot(),
    uploads: () => [...state.uploads],
    control: {
      setFaults: (spec) => state.faults.set(spec),
      setLatency: (latency) => state.latency.set(latency),
      mutateWorkbooks: (n) => state.mutateWorkbooks(n),
      revokeTokens: () => state.tokens.revokeAll(),
      failSheets: (ids) => state.jobs.failSheets(ids),
      reset: () => state.reset(),
    },
    close: () => (closed ??= server ? server.close() : Promise.resolve()),
  };
}
