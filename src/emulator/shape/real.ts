/**
 * The "real" shape: the deviations published real Sigma bodies show (issue #8; sigma-api-facts §5.2
 * "Fields the document calls required are often absent in real bodies"; PEERS-extractors),
 * each applied to a seeded share of entities. Each deviation (a "trait") is drawn on its own
 * from (seed, trait, entity key), so one entity looks the same on every page, request and
 * route, list and get alike. The system member and the 21-character urlIds live in
 * system-member.ts and url-ids.ts.
 */
import { draw, pick } from "./draw.js";
import type { ItemKind } from "./kinds.js";
import type { ShapeTally } from "./tally.js";

type Obj = Record<string, unknown>;

/** What a real deviation needs besides the item. */
export interface RealContext {
  seed: number;
  /** Share of entities each trait applies to. */
  rate: number;
  tally: ShapeTally;
  /** The workspace a document (workbook, data model, dataset id) lives in, if any. */
  workspaceOf(documentId: string): string | undefined;
}

const DATASET_REQUIRED_BUT_ABSENT = ["owner", "referenceCount", "path", "migrationToDataModel", "migrationStatus"];
const DOCUMENT_FILE_TYPES = new Set(["workbook", "data-model", "dataset"]);
const BADGE_WORDS = ["Warning", "Deprecated"] as const;

function drop(item: Obj, fields: readonly string[], tally: ShapeTally): void {
  for (const f of fields) {
    if (f in item) {
      delete item[f];
      tally.change("dropped");
    }
  }
}

function addWorkspaceId(item: Obj, id: string, ctx: RealContext): void {
  const ws = ctx.workspaceOf(id);
  if (ws === undefined || "workspaceId" in item) return;
  item.workspaceId = ws;
  ctx.tally.change("added");
}

/** `item` with `from` renamed `to`, in the same position. */
function rename(item: Obj, from: string, to: string): Obj {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k === from ? to : k, v]));
}

/** Applies the real deviations of `kind` to a copy of `item`, when the entity's draws say so. */
export function applyReal(kind: ItemKind, item: Obj, key: string, ctx: RealContext): Obj {
  const has = (trait: string) => draw(ctx.seed, "real", trait, kind, key) < ctx.rate;
  let out: Obj = { ...item };
  switch (kind) {
    case "workbook":
      if (has("workspaceId")) addWorkspaceId(out, String(out.workbookId), ctx);
      break;
    case "dataset":
      if (has("absentRequired")) drop(out, DATASET_REQUIRED_BUT_ABSENT, ctx.tally);
      if (has("workspaceId")) addWorkspaceId(out, String(out.datasetId), ctx);
      break;
    case "dataModel":
      if (has("urlId") && "dataModelUrlId" in out) {
        out = rename(out, "dataModelUrlId", "urlId");
        ctx.tally.change("renamed");
        drop(out, ["ownerId", "updatedBy"], ctx.tally);
      }
      if (has("workspaceId")) addWorkspaceId(out, String(out.dataModelId), ctx);
      break;
    case "workspace":
      if (has("absentRequired")) drop(out, ["workspaceUrlId"], ctx.tally);
      break;
    case "elementColumn":
      if (has("labelOnly")) drop(out, Object.keys(out).filter((f) => f !== "columnId" && f !== "label"), ctx.tally);
      break;
    case "element":
      // Where the document would omit it, real bodies send null.
      if (has("vizualizationNull") && out.vizualizationType === undefined) {
        out.vizualizationType = null;
        ctx.tally.change("nulled");
      }
      break;
    case "lineageEntry":
      if (has("absentRequired")) drop(out, typeof out.elementId === "string" ? ["dataSourceIds"] : ["connectionId"], ctx.tally);
      break;
    case "file":
      if (has("badge") && out.badge === null && DOCUMENT_FILE_TYPES.has(String(out.type))) {
        out.badge = pick(BADGE_WORDS, ctx.seed, "badge", key);
        ctx.tally.change("word");
      }
      break;
    default:
      break;
  }
  return out;
}
