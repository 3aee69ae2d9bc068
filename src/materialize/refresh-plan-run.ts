/**
 * Running a refresh plan (src/shared/refresh-plan.ts) with `materialize()`: its schedules join
 * the targets' jobs (the union; a schedule both name runs once, with the plan's wave and
 * reason; one only a target names is wave 1, without a reason), and the gate holds each job
 * until every job of the run upstream of it has ended. Only `ready` releases it; any other end
 * (failed, timed out, error, skipped) makes it `skipped` with "upstream failed", and so on
 * down the chain.
 */
import type { RefreshPlan } from "../shared/refresh-plan.js";
import type { Plan } from "./plan.js";
import { isTerminal, type JobRecord, type PlannedJob } from "./types.js";

const keyOf = (documentId: string, sheetId: string | null) => `${documentId}/${sheetId ?? documentId}`;

/** Adds the plan's schedules to `plan` (paused ones to `plan.paused` unless included). */
export function mergeRefreshPlan(plan: Plan, refresh: RefreshPlan, includePaused: boolean): void {
  const existing = new Map(plan.jobs.map((j) => [keyOf(j.document.id, j.sheetId), j]));
  const pausedKeys = new Set(plan.paused.map((j) => keyOf(j.document.id, j.sheetId)));
  for (const s of refresh.schedules) {
    const key = keyOf(s.documentId, s.kind === "dataset" ? null : s.sheetId);
    const extra = { wave: s.wave, because: s.because, upstream: s.upstream };
    const known = existing.get(key);
    if (known) {
      Object.assign(known, extra);
      continue;
    }
    if (pausedKeys.has(key)) continue;
    const job: PlannedJob = {
      document: { kind: s.kind, id: s.documentId, name: s.documentName ?? s.documentId },
      sheetId: s.kind === "dataset" ? null : s.sheetId,
      elementId: s.elementId ?? null,
      elementName: s.elementName ?? null,
      paused: s.paused === true,
      ...extra,
    };
    if (job.paused && !includePaused) plan.paused.push(job);
    else plan.jobs.push(job);
    existing.set(key, job);
  }
  if (!plan.documents.some((d) => refresh.schedules.some((s) => s.documentId === d.id))) {
    for (const s of refresh.schedules) {
      if (!plan.documents.some((d) => d.id === s.documentId)) plan.documents.push({ kind: s.kind, id: s.documentId, name: s.documentName ?? s.documentId });
    }
  }
  // An explicit target the plan did not select waits for nothing: it is in the first wave.
  for (const j of [...plan.jobs, ...plan.paused]) j.wave ??= 1;
  // Earlier waves first: the trigger limiter then serves them first too.
  plan.jobs.sort((a, b) => (a.wave ?? 0) - (b.wave ?? 0));
}

/** Holds jobs until their upstream jobs (in this run) ended. */
export class UpstreamGate {
  /** True when some job waits for another. */
  readonly ordered: boolean;
  readonly #ended = new Map<string, JobRecord>();
  readonly #waiters = new Map<string, Array<() => void>>();
  readonly #inRun = new Set<string>();
  readonly #hasDependents = new Set<string>();

  constructor(
    jobs: readonly PlannedJob[],
    private readonly signal: AbortSignal,
  ) {
    // A sheetId is unique within Sigma (it is the element's node id); datasets use their id.
    for (const j of jobs) this.#inRun.add(j.sheetId ?? j.document.id);
    for (const j of jobs) for (const u of j.upstream ?? []) if (this.#inRun.has(u)) this.#hasDependents.add(u);
    this.ordered = this.#hasDependents.size > 0;
    signal.addEventListener("abort", () => this.#releaseAll(), { once: true });
  }

  /** True when a job of this run waits for `job`. */
  hasDependents(job: PlannedJob): boolean {
    return this.#hasDependents.has(job.sheetId ?? job.document.id);
  }

  /** A job's status changed (from the tracker's events). */
  note(record: JobRecord): void {
    if (!isTerminal(record.status)) return;
    const id = record.sheetId ?? record.documentId;
    this.#ended.set(id, record);
    for (const w of this.#waiters.get(id) ?? []) w();
    this.#waiters.delete(id);
  }

  /** Resolves when every upstream of `job` in this run ended: null if all ended ready, else what blocked it. */
  async wait(job: PlannedJob): Promise<string | null> {
    for (const u of job.upstream ?? []) {
      if (!this.#inRun.has(u)) continue;
      if (!this.#ended.has(u) && !this.signal.aborted) await new Promise<void>((resolve) => this.#waiters.set(u, [...(this.#waiters.get(u) ?? []), resolve]));
      const r = this.#ended.get(u);
      if (r === undefined) return "the run stopped";
      if (r.status !== "ready") return `${r.documentName} › ${r.elementName ?? r.sheetId ?? "-"} ended ${r.status}`;
    }
    return null;
  }

  #releaseAll(): void {
    for (const ws of this.#waiters.values()) for (const w of ws) w();
    this.#waiters.clear();
  }
}
