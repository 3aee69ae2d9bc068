/**
 * `mutateWorkbooks`: deterministic edits used by incremental-extraction tests. Each chosen
 * workbook gets a new version, an `updatedAt` later than every workbook's, and one renamed
 * element (with its SQL name, schedules, lineage sheet node and dependent formulas updated).
 */
import { DATA_ELEMENT_TYPES } from "./data-node.js";
import { Rng } from "./rng.js";
import { iso } from "./time.js";
import type { Org, WorkbookRecord } from "./types.js";

const DATA_TYPES = new Set<string>(DATA_ELEMENT_TYPES);

/** Changes `n` live, visible workbooks of `org` in place; returns their workbook ids. */
export function mutateWorkbooks(org: Org, n: number, seed: number): string[] {
  const rng = new Rng(seed, "mutate");
  const candidates = org.workbooks.filter((w) => !w.workbook.isArchived && !w.hiddenFromCaller);
  const chosen = rng.sample(candidates, Math.max(0, Math.floor(n)));
  let clock = 0;
  for (const w of org.workbooks) clock = Math.max(clock, Date.parse(w.workbook.updatedAt));
  const files = new Map(org.files.map((f) => [f.id, f]));

  for (const w of chosen) {
    clock += rng.int(1_000, 3_600_000);
    const updatedAt = iso(clock);
    w.workbook.latestVersion += 1;
    w.workbook.updatedAt = updatedAt;
    w.workbook.updatedBy = w.workbook.ownerId;
    const file = files.get(w.workbook.workbookId);
    if (file) {
      file.updatedAt = updatedAt;
      file.updatedBy = w.workbook.ownerId;
    }
    renameElement(rng, w);
  }
  return chosen.map((w) => w.workbook.workbookId);
}

// Renames a data element (any element if there is none) to "<base> (v<version>)".
function renameElement(rng: Rng, w: WorkbookRecord): void {
  const data = w.elements.filter((e) => DATA_TYPES.has(e.element.type ?? ""));
  const pool = data.length > 0 ? data : w.elements;
  if (pool.length === 0) return;
  const target = rng.pick(pool);
  const el = target.element;
  const oldName = el.name ?? "";
  const newName = `${oldName.replace(/ \(v\d+\)$/, "")} (v${w.workbook.latestVersion})`;
  el.name = newName;
  if (target.query) target.query.name = newName;
  for (const s of w.materializationSchedules) if (s.elementId === el.elementId) s.elementName = newName;
  // The sheet node object is shared by every graph that shows this element.
  for (const e of w.elements) {
    if ("error" in e.lineage) continue;
    for (const node of Object.values(e.lineage.dependencies)) {
      if (node.type === "sheet" && node.elementId === el.elementId) node.name = newName;
    }
  }
  const from = `[${oldName}/`;
  const to = `[${newName}/`;
  for (const e of w.elements) for (const c of e.columns) if (c.formula?.includes(from)) c.formula = c.formula.split(from).join(to);
  for (const c of w.columns) if (c.formula.includes(from)) c.formula = c.formula.split(from).join(to);
}
