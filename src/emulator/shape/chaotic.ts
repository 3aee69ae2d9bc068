/**
 * The "chaotic" shape: every field outside the protected set (protected.ts) may be dropped,
 * set to null or, for enum-like strings, answered with a word outside its list; and unknown
 * fields are added. Each with probability `rate`, drawn from (seed, kind, entity key, field),
 * so a given entity is always shaped the same way. The drift of real bodies is thus covered
 * in general, not only the cases already seen.
 */
import { draw, pick } from "./draw.js";
import type { ItemKind } from "./kinds.js";
import { ENUM_LIKE, PROTECTED, PROTECTED_EDGE, PROTECTED_NODE } from "./protected.js";
import type { ShapeTally } from "./tally.js";

type Obj = Record<string, unknown>;
type SubKind = ItemKind | "lineageNode" | "lineageEdge";

/** What the chaotic shape needs besides the item. */
export interface ChaosContext {
  seed: number;
  /** Probability of each variation. */
  rate: number;
  tally: ShapeTally;
}

// Words no enum of Sigma's document holds: what a newer Sigma might send.
const UNKNOWN_WORDS = ["hologram", "quasar", "tesseract", "nebula-v2", "UNSPECIFIED"] as const;
// Undocumented fields, with the kind of value each carries.
const EXTRA_FIELDS: ReadonlyArray<[string, (seed: number, key: string) => unknown]> = [
  ["lastViewedAt", (s, k) => new Date(Date.UTC(2025, 0, 1) + Math.floor(draw(s, "extra-at", k) * 3e10)).toISOString()],
  ["etag", (s, k) => `W/"${Math.floor(draw(s, "extra-etag", k) * 1e9).toString(16)}"`],
  ["isFavorite", (s, k) => draw(s, "extra-fav", k) < 0.5],
  ["sharingSettings", (s, k) => ({ linkSharing: draw(s, "extra-share", k) < 0.5 ? "off" : "org", inherited: true })],
  ["internalRevision", (s, k) => Math.floor(draw(s, "extra-rev", k) * 1000)],
  ["_links", (s, k) => [{ rel: "self", href: `/v2/x/${Math.floor(draw(s, "extra-link", k) * 1e6)}` }]],
];

const protectedOf = (kind: SubKind): readonly string[] =>
  kind === "lineageNode" ? PROTECTED_NODE : kind === "lineageEdge" ? PROTECTED_EDGE : PROTECTED[kind];

/** A copy of `item` with its unprotected fields varied as the entity's draws say. */
function vary(kind: SubKind, item: Obj, key: string, ctx: ChaosContext): Obj {
  const keep = protectedOf(kind);
  const enums = ENUM_LIKE[kind] ?? [];
  const out: Obj = {};
  for (const [field, value] of Object.entries(item)) {
    if (keep.includes(field)) {
      out[field] = value;
      continue;
    }
    ctx.tally.considered();
    if (draw(ctx.seed, "chaos", kind, key, field) >= ctx.rate) {
      out[field] = value;
      continue;
    }
    const ways = enums.includes(field) && (typeof value === "string" || value === null) ? 3 : 2;
    const how = Math.floor(draw(ctx.seed, "chaos-how", kind, key, field) * ways);
    if (how === 0) {
      ctx.tally.change("dropped");
    } else if (how === 1 && value !== null) {
      out[field] = null;
      ctx.tally.change("nulled");
    } else if (how === 1) {
      // Already null: the variation is to leave it out.
      ctx.tally.change("dropped");
    } else {
      out[field] = pick(UNKNOWN_WORDS, ctx.seed, "chaos-word", kind, key, field);
      ctx.tally.change("word");
    }
  }
  if (draw(ctx.seed, "chaos-add", kind, key) < ctx.rate) {
    const [name, value] = pick(EXTRA_FIELDS, ctx.seed, "chaos-extra", kind, key);
    if (!(name in out) && !(name in item)) {
      out[name] = value(ctx.seed, `${kind}/${key}`);
      ctx.tally.change("added");
    }
  }
  return out;
}

/** Applies the chaotic shape to one item of `kind` (and to the nodes and edges of a lineage graph). */
export function applyChaos(kind: ItemKind, item: Obj, key: string, ctx: ChaosContext): Obj {
  const out = vary(kind, item, key, ctx);
  if (kind === "elementLineage") {
    const deps = out.dependencies;
    if (deps && typeof deps === "object" && !Array.isArray(deps)) {
      out.dependencies = Object.fromEntries(
        Object.entries(deps as Record<string, Obj>).map(([id, node]) => [id, node && typeof node === "object" ? vary("lineageNode", node, `${key}/${id}`, ctx) : node]),
      );
    }
    if (Array.isArray(out.edges)) {
      out.edges = (out.edges as Obj[]).map((e) => (e && typeof e === "object" ? vary("lineageEdge", e, `${key}/${String(e.source)}>${String(e.target)}`, ctx) : e));
    }
  }
  return out;
}
