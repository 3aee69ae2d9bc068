/**
 * Resolve → list schedules → filter → plan. Everything that can be a user mistake (unknown
 * document, unknown element, no schedule) is found here, before anything is triggered.
 */
import pLimit from "p-limit";
import type { MaterializationSchedule } from "../schemas/index.js";
import type { CallOptions, MaterializeClient } from "./client-port.js";
import { describe } from "./match-document.js";
import { DocumentIndex } from "./resolve.js";
import { selectSchedules } from "./select-schedules.js";
import type { DocumentRef, MaterializeWarning, PlannedJob, TargetSpec } from "./types.js";

/** What a run will do. */
export interface Plan {
  documents: DocumentRef[];
  /** Jobs to trigger (or attach to). */
  jobs: PlannedJob[];
  /** Paused schedules left out (without --include-paused). */
  paused: PlannedJob[];
  warnings: MaterializeWarning[];
}

/** Options of {@link buildPlan}. */
export interface PlanOptions extends CallOptions {
  includePaused: boolean;
  /** Parallel look-ups (default 4). */
  concurrency?: number;
}

/** Builds the plan for `specs`. @throws UserError for anything the user must fix. */
export async function buildPlan(client: MaterializeClient, specs: readonly TargetSpec[], options: PlanOptions): Promise<Plan> {
  const call: CallOptions = { signal: options.signal };
  const limit = pLimit(options.concurrency ?? 4);
  const index = new DocumentIndex(client, call);
  const resolved = await Promise.all(specs.map((s) => limit(() => index.resolve(s))));

  // Merge specs naming the same document: a spec without filters selects everything.
  const byDoc = new Map<string, { doc: DocumentRef; filters: string[] | null }>();
  resolved.forEach((doc, i) => {
    const key = `${doc.kind}/${doc.id}`;
    const filters = specs[i]?.elements ?? [];
    const prev = byDoc.get(key);
    const merged = filters.length === 0 || prev?.filters === null ? null : [...(prev?.filters ?? []), ...filters];
    byDoc.set(key, { doc: prev?.doc ?? doc, filters: merged });
  });

  const warnings: MaterializeWarning[] = [];
  const perDoc = await Promise.all(
    [...byDoc.values()].map(({ doc, filters }) =>
      limit(async (): Promise<PlannedJob[]> => {
        if (doc.kind === "dataset") {
          warnings.push({
            code: "dataset-deprecated",
            message: `dataset ${describe(doc)}: datasets are deprecated by Sigma; completion is inferred from the run history (migrate to a data model)`,
          });
          return [{ document: doc, sheetId: null, elementId: null, elementName: null, paused: false }];
        }
        const schedules = await listSchedules(client, doc, call);
        return selectSchedules(doc, schedules, filters ?? []).map((s) => ({
          document: doc,
          sheetId: s.sheetId,
          elementId: s.elementId ?? null,
          elementName: s.elementName ?? null,
          paused: s.paused === true,
        }));
      }),
    ),
  );

  const jobs: PlannedJob[] = [];
  const paused: PlannedJob[] = [];
  const seen = new Set<string>();
  for (const job of perDoc.flat()) {
    const key = `${job.document.kind}/${job.document.id}/${job.sheetId ?? "-"}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (job.paused && !options.includePaused) paused.push(job);
    else jobs.push(job);
  }
  return { documents: [...byDoc.values()].map((d) => d.doc), jobs, paused, warnings };
}

async function listSchedules(client: MaterializeClient, doc: DocumentRef, call: CallOptions): Promise<MaterializationSchedule[]> {
  const source =
    doc.kind === "workbook"
      ? client.workbooks.materializationSchedules(doc.id, call)
      : client.dataModels.materializationSchedules(doc.id, call);
  const out: MaterializationSchedule[] = [];
  for await (const s of source) out.push(s);
  return out;
}
