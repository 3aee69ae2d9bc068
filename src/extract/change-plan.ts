/**
 * `--since last`: which documents to fetch again. A document is carried forward only when
 * all of these hold:
 * - its list entry is exactly what the earlier run saw (fingerprint of the whole entry as Sigma
 *   sent it, so `updatedAt`, `latestVersion`, name, path, version tags... all count);
 * - it had no skipped part then;
 * - every data model and dataset it reads (its sources and lineage, as recorded then) is carried
 *   too: a workbook's lineage names its data models' elements, which change without the
 *   workbook's `updatedAt` moving.
 * Changed entries are fetched at once; the others are held until every document list is read,
 * then settled together (the upstream rule needs every list).
 */
import { createHash } from "node:crypto";
import type { DocKind } from "./assets.js";
import type { IndexedDoc } from "./carry-index.js";
import { docKey } from "./carry-index.js";
import type { DocResult } from "./checkpoint.js";
import type { RawObject } from "./endpoints.js";

/** Why a document was fetched in an incremental run. */
export type ChangeReason = "new" | "updatedAt" | "latestVersion" | "entry" | "errors" | "upstream";

/** Fingerprint of a list entry as received (key order included: Sigma's bytes, not a schema's). */
export function fingerprint(entry: RawObject): string {
  return createHash("sha1").update(JSON.stringify(entry)).digest("base64url");
}

const DEP_TYPES = new Set(["data-model", "dataModel", "datamodel", "dataset"]);

/**
 * The data models and datasets a document's rows name: `data-model`/`dataset` entries of its
 * sources and lineage (ids as given, and without Sigma's `inode-` prefix).
 */
export function docDeps(result: Pick<DocResult, "rows">): string[] {
  const out = new Set<string>();
  const visit = (o: unknown) => {
    if (typeof o !== "object" || o === null) return;
    const r = o as RawObject;
    if (typeof r.type === "string" && DEP_TYPES.has(r.type)) {
      for (const k of ["dataModelId", "datasetId", "inodeId"]) {
        const v = r[k];
        if (typeof v === "string" && v !== "") out.add(v.startsWith("inode-") ? v.slice(6) : v);
      }
    }
  };
  for (const [asset, rows] of Object.entries(result.rows)) {
    if (!rows) continue;
    if (asset.endsWith("_sources")) {
      for (const row of rows) for (const s of ((row as RawObject).sources as unknown[] | undefined) ?? []) visit(s);
    } else if (asset === "lineage" || asset === "datamodel_lineage") {
      for (const row of rows) visit(row);
    }
  }
  return [...out].sort();
}

/** Counts of fetched documents per reason. */
export type ReasonCounts = Partial<Record<ChangeReason, number>>;

/** See the module comment. */
export class ChangePlan {
  readonly #prev: ReadonlyMap<string, IndexedDoc>;
  /** Unchanged so far: `kind:id` → the entry (needed if it must be fetched after all). */
  readonly #held = new Map<string, { kind: DocKind; entry: RawObject }>();
  /** Ids fetched again only because a part was skipped last time: their entry did not change. */
  readonly #retried = new Set<string>();
  /** Every document listed now, by id (deps name ids, not kinds). */
  readonly #listedIds = new Set<string>();
  readonly #prevIds = new Set<string>();
  readonly reasons: ReasonCounts = {};

  constructor(prev: ReadonlyMap<string, IndexedDoc>) {
    this.#prev = prev;
    for (const d of prev.values()) this.#prevIds.add(d.id);
  }

  /** The earlier run's record of a document, if any. */
  previous(kind: DocKind, id: string): IndexedDoc | undefined {
    return this.#prev.get(docKey(kind, id));
  }

  /** Decides on a listed document: a reason to fetch it now, or undefined (held; see settle). */
  classify(kind: DocKind, id: string, entry: RawObject): ChangeReason | undefined {
    this.#listedIds.add(id);
    const before = this.#prev.get(docKey(kind, id));
    let reason: ChangeReason | undefined;
    if (!before) reason = "new";
    else if (before.err) reason = "errors";
    else if (before.fp !== fingerprint(entry)) {
      if (before.updatedAt !== str(entry.updatedAt)) reason = "updatedAt";
      else if (JSON.stringify(before.latestVersion ?? null) !== JSON.stringify(entry.latestVersion ?? null)) reason = "latestVersion";
      else reason = "entry";
    }
    if (reason) this.count(reason);
    else this.#held.set(docKey(kind, id), { kind, entry });
    if (reason === "errors") this.#retried.add(id);
    return reason;
  }

  /** Counts a fetch reason. */
  count(reason: ChangeReason): void {
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
  }

  /**
   * After every list: the held documents whose upstream changed (to fetch), and the carried
   * ones (`kind:id` → the earlier run's record). A data model or dataset counts as changed when
   * it is fetched now because its entry changed (or is new), or was listed then and is not now;
   * one fetched again only to retry a skipped part did not change. An id neither run listed
   * (another spelling, a document the caller cannot list) is not evidence of change.
   */
  settle(): { fetch: Array<{ kind: DocKind; entry: RawObject }>; carried: Map<string, IndexedDoc> } {
    const unchangedIds = new Set<string>(this.#retried);
    for (const k of this.#held.keys()) unchangedIds.add(k.slice(k.indexOf(":") + 1));
    const fetch: Array<{ kind: DocKind; entry: RawObject }> = [];
    // Fixpoint: dropping one document may change what reads it.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [key, held] of this.#held) {
        const deps = this.#prev.get(key)!.deps;
        const stale = deps.some((d) => (this.#listedIds.has(d) || this.#prevIds.has(d)) && !unchangedIds.has(d));
        if (!stale) continue;
        this.#held.delete(key);
        unchangedIds.delete(key.slice(key.indexOf(":") + 1));
        fetch.push(held);
        this.count("upstream");
        changed = true;
      }
    }
    const carried = new Map<string, IndexedDoc>();
    for (const key of this.#held.keys()) carried.set(key, this.#prev.get(key)!);
    this.#held.clear();
    return { fetch, carried };
  }
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
