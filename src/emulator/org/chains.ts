/**
 * Refresh chains (issue #9): materialized data-model elements read by materialized workbook
 * elements, two levels (model element → workbook element) and three (model element → element
 * of another model → workbook element), so a refresh plan has waves to order. Runs after every
 * document exists, on its own random stream, and only adds schedules (never elements), so the
 * rest of the org is unchanged. Chain schedules are active (never paused).
 */
import type { MaterializationScheduleDoc as MaterializationSchedule } from "../../schemas/index.js";
import type { GenContext } from "./context.js";
import { CRON_SPECS, TIMEZONES } from "./names.js";
import type { OrgSize, WorkbookRecord } from "./types.js";
import { between, iso } from "./time.js";
import type { DataModelInfo, DataNode } from "./upstream.js";
import { workbookNodes } from "./workbooks.js";

const MATERIALIZABLE = new Set(["table", "pivot-table", "visualization"]);

/** Chains per size: [two-level, three-level]. */
const CHAINS: Record<OrgSize, [number, number]> = { tiny: [1, 1], small: [2, 1], medium: [5, 3], large: [10, 5], xl: [16, 8] };

interface Doc {
  schedules: MaterializationSchedule[];
  createdAt: string;
  updatedAt: string;
}

/** Adds the chains' schedules to the generated documents. */
export function addRefreshChains(ctx: GenContext, size: OrgSize, dataModels: DataModelInfo[], workbooks: WorkbookRecord[]): void {
  const rng = ctx.stream("refresh-chains");
  const dmOf = new Map<DataNode, DataModelInfo>();
  for (const dm of dataModels) for (const el of dm.elements) dmOf.set(el, dm);
  const two: Array<[WorkbookRecord, DataNode]> = [];
  const three: Array<[WorkbookRecord, DataNode]> = [];
  for (const w of workbooks) {
    if (w.workbook.isArchived === true || w.hiddenFromCaller) continue;
    for (const n of workbookNodes.get(w) ?? []) {
      if (!MATERIALIZABLE.has(n.type) || n.upstream.kind !== "data-model") continue;
      const read = n.upstream.element;
      if (read.upstream.kind === "data-model" && read.upstream.dm.rec.dataModel.isArchived !== true) three.push([w, n]);
      else two.push([w, n]);
    }
  }
  const schedule = (doc: Doc, node: DataNode) => {
    if (doc.schedules.some((s) => s.elementId === node.elementId)) return;
    const created = Date.parse(doc.createdAt);
    const updated = Date.parse(doc.updatedAt);
    doc.schedules.push({
      sheetId: node.sheet.nodeId,
      elementId: node.elementId,
      elementName: node.name,
      schedule: { cronSpec: rng.pick(CRON_SPECS), timezone: rng.pick(TIMEZONES) },
      configuredAt: iso(between(rng, created, updated)),
      paused: false,
    });
  };
  const dmDoc = (dm: DataModelInfo): Doc => ({ schedules: dm.rec.materializationSchedules, createdAt: dm.rec.dataModel.createdAt, updatedAt: dm.rec.dataModel.updatedAt });
  const wbDoc = (w: WorkbookRecord): Doc => ({ schedules: w.materializationSchedules, createdAt: w.workbook.createdAt, updatedAt: w.workbook.updatedAt });
  const [n2, n3] = CHAINS[size];
  for (const [w, n] of rng.sample(two, Math.min(n2, two.length))) {
    if (n.upstream.kind !== "data-model") continue;
    schedule(dmDoc(n.upstream.dm), n.upstream.element);
    schedule(wbDoc(w), n);
  }
  for (const [w, n] of rng.sample(three, Math.min(n3, three.length))) {
    if (n.upstream.kind !== "data-model") continue;
    const mid = n.upstream.element;
    if (mid.upstream.kind !== "data-model") continue;
    schedule(dmDoc(mid.upstream.dm), mid.upstream.element);
    schedule(dmDoc(n.upstream.dm), mid);
    schedule(wbDoc(w), n);
  }
}
