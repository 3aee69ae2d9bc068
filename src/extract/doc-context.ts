/**
 * Shared plumbing of the per-document fetchers: the result being filled, error handling per
 * part (skip and record, count "no lineage", or stop the run) and deduplicating list reads.
 */
import type { Paginated, SigmaClient } from "../client/index.js";
import type { ChildAsset, DocKind } from "./assets.js";
import type { DocResult } from "./checkpoint.js";
import type { ConnectionPaths } from "./connection-paths.js";
import type { RawObject } from "./endpoints.js";
import { classify, toIssue } from "./issues.js";
import type { LineageKind } from "./issues.js";

/** What a document fetcher works with. */
export interface DocContext {
  client: SigmaClient;
  /** Child assets wanted for this document's kind. */
  assets: ReadonlySet<ChildAsset>;
  paths: ConnectionPaths;
}

/** An empty result for a document. */
export function newResult(kind: DocKind, id: string): DocResult {
  return { kind, id, rows: {}, errors: [], noLineage: 0, duplicates: {} };
}

/** Appends rows to an asset of the result. */
export function addRows(result: DocResult, asset: ChildAsset, rows: unknown[]): void {
  const list = (result.rows[asset] ??= []);
  for (const r of rows) list.push(r);
}

/** The `asset` of an issue: every asset a failure cost, comma-separated. */
export function costOf(asset: ChildAsset | readonly ChildAsset[]): string {
  return typeof asset === "string" ? asset : asset.join(",");
}

/**
 * Runs one part of a document. A skippable failure is recorded against `asset` (every asset
 * the part feeds: pages also feed elements and lineages) and the run goes on; Sigma's "no
 * lineage" answers are counted when `lineage` says so; anything else (bad credentials, a bug,
 * cancellation, a full disk) is rethrown to stop the run.
 */
export async function part(
  result: DocResult,
  asset: ChildAsset | readonly ChildAsset[],
  work: () => Promise<void>,
  lineage?: LineageKind,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const what = classify(err, lineage);
    if (what === "fatal") throw err;
    if (what === "no-lineage") result.noLineage += 1;
    else if (what === "archived") (result.archived ??= []).push(toIssue(err, costOf(asset), { kind: result.kind, id: result.id }));
    else result.errors.push(toIssue(err, costOf(asset), { kind: result.kind, id: result.id }));
  }
}

/**
 * Reads a whole list, dropping entries whose `key` was already seen (Sigma repeats some).
 * A list that ended short of its `total` (or on a repeated cursor) is recorded as a skip.
 */
export async function readList(
  result: DocResult,
  asset: ChildAsset,
  list: Paginated<RawObject>,
  key: (row: RawObject) => string | undefined,
  /** Every asset a short list costs (default: `asset`). */
  costs?: readonly ChildAsset[],
): Promise<RawObject[]> {
  const seen = new Set<string>();
  const out: RawObject[] = [];
  for await (const row of list) {
    const k = key(row);
    if (k === undefined) {
      out.push(row);
      continue;
    }
    if (seen.has(k)) {
      result.duplicates[asset] = (result.duplicates[asset] ?? 0) + 1;
      continue;
    }
    seen.add(k);
    out.push(row);
  }
  const summary = list.summary;
  if (summary && !summary.complete) {
    result.errors.push({
      asset: costOf(costs ?? asset),
      documentType: result.kind,
      documentId: result.id,
      error: "IncompleteList",
      message: summary.warnings.join("; ") || "the list ended early",
    });
  }
  return out;
}

/** Dedupe key: the whole row (for payloads without an id of their own). */
export const wholeRow = (row: RawObject): string => JSON.stringify(row);

const LINEAGE_IDS = ["elementId", "inodeId", "dataModelId", "datasetId", "csvId", "sqlDocumentId", "worksheetId", "semanticViewId"];

/**
 * Dedupe key of a lineage entry: its type and id. Entries without an id (custom SQL) are
 * never merged: two identical SQL nodes are still two nodes.
 */
export function lineageKey(row: RawObject): string | undefined {
  const ids = LINEAGE_IDS.filter((k) => typeof row[k] === "string").map((k) => `${k}=${String(row[k])}`);
  if (ids.length === 0) return undefined;
  if (typeof row.semanticViewTable === "string") ids.push(`table=${row.semanticViewTable}`);
  return `${String(row.type)}\u0000${ids.join("\u0000")}`;
}

/** Runs parts concurrently; waits for all of them, then rethrows the first fatal error. */
export async function allParts(parts: Array<Promise<void>>): Promise<void> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
}

/**
 * Folds a document's failures into one record when every one of them is the same answer
 * (typically a 403 on a workbook the caller cannot open): one skipped document, not six.
 */
export function foldIssues(result: DocResult): DocResult {
  const errs = result.errors;
  if (errs.length < 2) return result;
  const first = errs[0]!;
  if (first.status === undefined || !errs.every((e) => e.status === first.status && e.code === first.code && e.message === first.message)) {
    return result;
  }
  const assets = [...new Set(errs.flatMap((e) => e.asset.split(",")))].sort();
  const { request: _request, requestId: _requestId, ...rest } = first;
  result.errors = [{ ...rest, asset: assets.join(",") }];
  return result;
}
