/**
 * Materialization schedules on chosen data elements of workbooks and data models. The
 * schedule's `sheetId` is the element's sheet node id (as in its lineage graph); ~15% paused.
 */
import type { MaterializationScheduleDoc as MaterializationSchedule } from "../../schemas/index.js";
import { CRON_SPECS, TIMEZONES } from "./names.js";
import type { Rng } from "./rng.js";
import { between, iso } from "./time.js";
import type { DataNode } from "./upstream.js";

// Element types Sigma can materialize.
const MATERIALIZABLE = new Set(["table", "pivot-table", "visualization"]);

/** Counts schedules across the org so the first ones can be forced active/paused. */
export interface ScheduleCounter {
  n: number;
}

/**
 * Schedules for `count` of the document's materializable elements (fewer if it has fewer),
 * configured between the document's creation and last update.
 */
export function buildSchedules(
  rng: Rng,
  nodes: DataNode[],
  count: number,
  createdMs: number,
  updatedMs: number,
  counter: ScheduleCounter,
): MaterializationSchedule[] {
  const candidates = nodes.filter((n) => MATERIALIZABLE.has(n.type));
  return rng.sample(candidates, count).map((n) => {
    const index = counter.n++;
    // The second schedule of the org is paused, so even a tiny org has both states.
    const paused = index === 1 || (index > 1 && rng.chance(0.15));
    return {
      sheetId: n.sheet.nodeId,
      elementId: n.elementId,
      elementName: n.name,
      schedule: index > 1 && rng.chance(0.03) ? null : { cronSpec: rng.pick(CRON_SPECS), timezone: rng.pick(TIMEZONES) },
      configuredAt: iso(between(rng, createdMs, updatedMs)),
      paused,
    };
  });
}
