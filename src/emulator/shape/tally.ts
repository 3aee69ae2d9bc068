/**
 * Counters of what shaping changed, served under `shape` in GET /__emulator/stats so tests can
 * assert that variation happened (and at what rate). A body is shaped once per cache entry:
 * a repeated cached GET is not counted again.
 */
import type { Shape } from "./modes.js";

/** The `shape` part of the emulator's stats. */
export interface ShapeStats {
  mode: Shape;
  /** Items that went through shaping. */
  entries: number;
  /** Items that left with at least one change. */
  entriesVaried: number;
  /** Chaotic: unprotected fields that were drawn for a variation. */
  fieldsConsidered: number;
  fieldsDropped: number;
  fieldsNulled: number;
  /** Enum-like fields answered with a word outside their list (chaotic) or a real badge word. */
  unknownWords: number;
  /** Fields the document does not name, added (real `workspaceId`, chaotic extras). */
  fieldsAdded: number;
  /** Fields answered under another name (real data models' `urlId`). */
  fieldsRenamed: number;
  /** urlIds served with 21 characters (real), distinct. */
  shortUrlIds: number;
  /** Per item kind: items shaped and items varied. */
  byKind: Record<string, { entries: number; varied: number }>;
}

/** Kinds of change one item can undergo. */
export type Change = "dropped" | "nulled" | "word" | "added" | "renamed";

const FIELD: Record<Change, keyof ShapeStats> = {
  dropped: "fieldsDropped",
  nulled: "fieldsNulled",
  word: "unknownWords",
  added: "fieldsAdded",
  renamed: "fieldsRenamed",
};

/** Mutable counters behind {@link ShapeStats}. */
export class ShapeTally {
  private counts = ShapeTally.zero();
  private byKind = new Map<string, { entries: number; varied: number }>();
  private changedNow = false;
  shortUrlIds = 0;

  constructor(private readonly mode: Shape) {}

  private static zero() {
    return { entries: 0, entriesVaried: 0, fieldsConsidered: 0, fieldsDropped: 0, fieldsNulled: 0, unknownWords: 0, fieldsAdded: 0, fieldsRenamed: 0 };
  }

  /** Starts one item of `kind`. */
  begin(): void {
    this.changedNow = false;
  }

  /** Ends the item started last. */
  end(kind: string): void {
    this.counts.entries++;
    let k = this.byKind.get(kind);
    if (!k) this.byKind.set(kind, (k = { entries: 0, varied: 0 }));
    k.entries++;
    if (this.changedNow) {
      this.counts.entriesVaried++;
      k.varied++;
    }
  }

  /** An unprotected field was drawn (chaotic). */
  considered(): void {
    this.counts.fieldsConsidered++;
  }

  /** A change to the current item. */
  change(what: Change): void {
    this.changedNow = true;
    const counts = this.counts as Record<string, number>;
    const field = FIELD[what];
    counts[field] = (counts[field] ?? 0) + 1;
  }

  /** Clears every counter (emulator reset). */
  reset(): void {
    this.counts = ShapeTally.zero();
    this.byKind = new Map();
  }

  /** A plain-object copy. */
  snapshot(): ShapeStats {
    return { mode: this.mode, ...this.counts, shortUrlIds: this.shortUrlIds, byKind: Object.fromEntries([...this.byKind].map(([k, v]) => [k, { ...v }])) };
  }
}
