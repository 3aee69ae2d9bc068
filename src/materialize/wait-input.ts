/**
 * Inputs of `wait`, `status` and `--retry-failed`: a result.json written by `--json`/`--output`,
 * job references printed by `--no-wait`, or (with no argument) the jobs in the state file.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError, UserError } from "../errors.js";
import type { PollTarget } from "./adapters.js";
import { formatJobRef, looksLikeJobRef, parseJobRef, type JobHandle } from "./job-ref.js";
import type { StateEntry } from "./state-file.js";
import type { JobRecord, TargetSpec } from "./types.js";
import type { WaitItem } from "./wait.js";

const nullableString = z.string().nullable();
const RecordSchema = z.looseObject({
  kind: z.enum(["workbook", "data-model", "dataset"]),
  documentId: z.string(),
  documentName: z.string(),
  elementName: nullableString,
  elementId: nullableString,
  sheetId: nullableString,
  materializationId: nullableString,
  jobRef: nullableString,
  status: z.enum(["queued", "triggered", "pending", "building", "unknown", "ready", "failed", "timed-out", "error", "would-trigger", "skipped"]),
  sigmaStatus: nullableString,
  attached: z.boolean(),
  triggeredAt: nullableString,
  startedAt: nullableString,
  readyAt: nullableString,
  // Absent from results written before it existed.
  endObservedAt: nullableString.default(null),
  durationMs: z.number().nullable(),
  error: nullableString,
});
// Documents of sigmactl ≥ 0.2 carry the CLI envelope (`command: "materialize …"`, `version` the tool's); older ones `version: 1`.
const ResultFileSchema = z.union([
  z.looseObject({ command: z.string().startsWith("materialize"), jobs: z.array(RecordSchema) }),
  z.looseObject({ version: z.literal(1), jobs: z.array(RecordSchema) }),
]);

/** Reads the jobs of a result file written by `sigmactl materialize --json/--output`. */
export async function readResultFile(path: string): Promise<JobRecord[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === "ENOENT" ? "no such file" : `cannot read it (${code ?? "error"})`}`, {
      cause: err,
      suggestions: ["expected a materialize result document (MaterializeResult as JSON) or a job reference such as workbook:<workbookId>:<materializationId>"],
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not JSON; expected a materialize result document (MaterializeResult as JSON)`, { cause: err });
  }
  const parsed = ResultFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path}: not a materialize result (${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"})`);
  }
  return parsed.data.jobs as JobRecord[];
}

/** The poll target of a reported job, when it was started. */
export function targetOfRecord(r: JobRecord): PollTarget | null {
  if (!r.materializationId) return null;
  let triggeredAtMs = r.triggeredAt ? Date.parse(r.triggeredAt) : NaN;
  if (r.kind === "dataset" && r.jobRef) triggeredAtMs = parseJobRef(r.jobRef).triggeredAtMs ?? triggeredAtMs;
  return { kind: r.kind, documentId: r.documentId, jobId: r.materializationId, triggeredAtMs: Number.isFinite(triggeredAtMs) ? triggeredAtMs : 0 };
}

function findEntry(entries: Record<string, StateEntry>, h: JobHandle): [string, StateEntry] | undefined {
  return Object.entries(entries).find(([, e]) => e.jobId === h.jobId && e.documentId === h.documentId);
}

function recordOfEntry(e: StateEntry, h: JobHandle): JobRecord {
  return {
    kind: h.kind,
    documentId: h.documentId,
    documentName: e.documentName,
    elementName: e.elementName,
    elementId: e.elementId,
    sheetId: e.sheetId,
    materializationId: h.jobId,
    jobRef: formatJobRef(h),
    status: "triggered",
    sigmaStatus: null,
    attached: false,
    triggeredAt: e.triggeredAt,
    startedAt: null,
    readyAt: null,
    endObservedAt: null,
    durationMs: null,
    error: null,
  };
}

function bareRecord(h: JobHandle): JobRecord {
  const r = recordOfEntry({ documentName: h.documentId, elementName: null, elementId: null, sheetId: null, triggeredAt: "" } as StateEntry, h);
  return { ...r, triggeredAt: h.triggeredAtMs === undefined ? null : new Date(h.triggeredAtMs).toISOString() };
}

/** Builds wait items from command arguments (result files and job refs), or from the state file when there are none. */
export async function loadWaitItems(args: readonly string[], entries: Record<string, StateEntry>, host: string): Promise<WaitItem[]> {
  if (args.length === 0) {
    const mine = Object.entries(entries).filter(([, e]) => e.host === host);
    // Nothing running is an answer (the caller says so), not an error.
    return mine.map(([key, e]) => {
      const h: JobHandle = { kind: e.kind, documentId: e.documentId, jobId: e.jobId, triggeredAtMs: Date.parse(e.triggeredAt) };
      return { record: recordOfEntry(e, h), target: { ...h, triggeredAtMs: Date.parse(e.triggeredAt), baselineFinishedAt: e.baselineFinishedAt }, stateKey: key };
    });
  }
  const items: WaitItem[] = [];
  for (const arg of args) {
    if (looksLikeJobRef(arg)) {
      const h = parseJobRef(arg);
      const found = findEntry(entries, h);
      const triggeredAtMs = h.triggeredAtMs ?? (found ? Date.parse(found[1].triggeredAt) : 0);
      // Without a state entry only the ids are known: the document id stands in for its name
      // until waitForJobs/checkJobs look the document up.
      const record = found ? recordOfEntry(found[1], h) : bareRecord(h);
      const target = { ...h, triggeredAtMs, baselineFinishedAt: found?.[1].baselineFinishedAt };
      items.push({ record, target, stateKey: found?.[0] ?? null, namesUnknown: !found });
      continue;
    }
    const records = await readResultFile(arg);
    if (records.length > 0 && records.every((r) => r.status === "would-trigger")) {
      throw new UserError(`${arg} is the result of a dry run: nothing was started, so there is nothing to follow`);
    }
    for (const r of records) {
      const target = targetOfRecord(r);
      const found = target ? findEntry(entries, { kind: r.kind, documentId: r.documentId, jobId: target.jobId }) : undefined;
      items.push({ record: r, target: target && found ? { ...target, baselineFinishedAt: found[1].baselineFinishedAt } : target, stateKey: found?.[0] ?? null });
    }
  }
  return items;
}

/** Targets that rerun exactly the jobs of a result that failed or were lost (`--retry-failed`). */
export function retryTargets(records: readonly JobRecord[], source: string): TargetSpec[] {
  return records
    .filter((r) => r.status === "failed" || r.status === "error")
    .map((r) => ({ kind: r.kind, ref: r.documentId, elements: r.sheetId ? [r.sheetId] : [], source: `${source}: ${r.documentName}` }));
}
