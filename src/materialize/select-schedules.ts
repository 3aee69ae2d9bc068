/**
 * Applies `--element` filters to a document's materialization schedules. A filter matches a
 * schedule by elementName (case-insensitive), elementId or sheetId; a filter that matches
 * nothing is a UserError listing the closest element names.
 */
import { UserError } from "../errors.js";
import type { MaterializationSchedule } from "../schemas/index.js";
import { closestMatches, nearestMatches } from "../shared/closest.js";
import { describe, kindLabel } from "./match-document.js";
import type { DocumentRef } from "./types.js";

/** Returns the schedules selected by `filters` (all of them when `filters` is empty), in schedule order. */
export function selectSchedules(
  doc: DocumentRef,
  schedules: readonly MaterializationSchedule[],
  filters: readonly string[],
): MaterializationSchedule[] {
  if (schedules.length === 0) {
    throw new UserError(`${kindLabel(doc.kind)} ${describe(doc)} has no materialization schedule`, {
      suggestions: ["Sigma only runs materializations that have a schedule: add one to the element in Sigma first"],
    });
  }
  if (filters.length === 0) return [...schedules];
  const chosen = new Set<MaterializationSchedule>();
  for (const raw of filters) {
    const f = raw.trim();
    const folded = f.toLowerCase();
    const hits = schedules.filter(
      (s) => s.sheetId === f || s.elementId === f || (s.elementName ?? "").trim().toLowerCase() === folded,
    );
    if (hits.length === 0) {
      const close = closestMatches(f, schedules, (s) => s.elementName ?? "");
      const names = (close.length > 0 ? close : nearestMatches(f, schedules, (s) => s.elementName ?? "", 5)).map((s) => `"${s.elementName ?? s.sheetId}" (elementId ${s.elementId ?? "?"})`);
      throw new UserError(`no materialized element of ${kindLabel(doc.kind)} ${describe(doc)} matches the element filter "${f}"`, {
        suggestions: close.length > 0 ? names.map((n) => `did you mean ${n}?`) : [`nothing is close; the nearest elements with a schedule: ${names.join(", ")}`],
      });
    }
    for (const h of hits) chosen.add(h);
  }
  return schedules.filter((s) => chosen.has(s));
}
