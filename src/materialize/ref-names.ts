/**
 * Names for jobs known only by a bare reference (`workbook:<id>:<materializationId>` with no
 * state-file entry): the document is looked up once for its name and its schedules. Sigma's job
 * status does not say which schedule a job ran, so the element is named only when the document
 * has exactly one schedule. Best effort: a failed look-up leaves the ids and is said once.
 */
import pLimit from "p-limit";
import { AbortedError, SigmaError } from "../errors.js";
import type { CallOptions, MaterializeClient } from "./client-port.js";
import type { MaterializationSchedule } from "../schemas/index.js";
import type { DocumentKind, JobRecord, Warn } from "./types.js";

interface Found {
  name: string;
  schedules: MaterializationSchedule[];
}

async function lookUp(client: MaterializeClient, kind: DocumentKind, id: string, call: CallOptions): Promise<Found> {
  if (kind === "dataset") return { name: (await client.datasets.get(id, call)).name ?? id, schedules: [] };
  const resource = kind === "workbook" ? client.workbooks : client.dataModels;
  const doc = await resource.get(id, call);
  const schedules: MaterializationSchedule[] = [];
  for await (const s of resource.materializationSchedules(id, call)) schedules.push(s);
  return { name: doc.name ?? id, schedules };
}

/** Fills `documentName` (and the element of single-schedule documents) of `records` in place. */
export async function fillNames(client: MaterializeClient, records: readonly JobRecord[], warn: Warn, call: CallOptions): Promise<void> {
  const byDoc = new Map<string, JobRecord[]>();
  for (const r of records) {
    const key = `${r.kind}:${r.documentId}`;
    byDoc.set(key, [...(byDoc.get(key) ?? []), r]);
  }
  const failed: string[] = [];
  const limit = pLimit(4);
  await Promise.all(
    [...byDoc.values()].map((same) =>
      limit(async () => {
        const { kind, documentId } = same[0] as JobRecord;
        let found: Found;
        try {
          found = await lookUp(client, kind, documentId, call);
        } catch (err) {
          if (!(err instanceof SigmaError) || err instanceof AbortedError || call.signal?.aborted) throw err;
          failed.push(`${kind === "data-model" ? "data model" : kind} ${documentId} (${err.message})`);
          return;
        }
        const only = found.schedules.length === 1 ? found.schedules[0] : undefined;
        for (const r of same) {
          r.documentName = found.name;
          if (only) Object.assign(r, { elementName: only.elementName, elementId: only.elementId, sheetId: only.sheetId });
        }
      }),
    ),
  );
  if (failed.length > 0) {
    warn("names-unknown", `could not look up ${failed.length} document(s) named only by a job reference; showing ids instead of names: ${failed.join("; ")}`);
  }
}
