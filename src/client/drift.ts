/**
 * Drift between what Sigma sends and what its OpenAPI document says. Real bodies omit
 * "required" fields, add undocumented ones, send null and words outside enums; the client reads
 * them anyway (reader schemas) and records here how each entry differed from the documented
 * schema, aggregated per (endpoint, field, expected, seen). Drift never rejects anything.
 */
import type { z } from "zod";

/** One aggregated difference between real bodies and the document. */
export interface DriftLine {
  /** Method and path template, e.g. `GET /v2/datasets/{datasetId}`. */
  endpoint: string;
  /** Field path inside one entry (or the body), array indices as `[]`, e.g. `columns[].label`. */
  field: string;
  /** What the document says, e.g. `string`, `"migrated" | "not-migrated"`, `no such field`. */
  expected: string;
  /** What was sent: `missing`, `null`, `number`, `"Warning"`, `undocumented field`, ... */
  seen: string;
  /** How many times it was seen. */
  count: number;
  /** Entries sigmactl had to skip because of this (they lacked what sigmactl needs, e.g. their id). */
  skipped: number;
}

/** One difference found in one value, before aggregation. */
export interface DriftFinding {
  field: string;
  expected: string;
  seen: string;
}

/** `expected` of an undocumented field. */
export const UNDOCUMENTED_EXPECTED = "no such field";
/** `seen` of an undocumented field. */
export const UNDOCUMENTED_SEEN = "undocumented field";

type Issue = z.core.$ZodIssue;

/** `["columns", 0, "label"]` → `columns[].label`; the empty path is `(entry)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += "[]";
    else out += (out === "" ? "" : ".") + String(p);
  }
  return out === "" ? "(entry)" : out;
}

/** A short description of a value as seen on the wire. */
export function describeSeen(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return typeof value;
}

/** The type of a value, for type mismatches (strings are not quoted here: the type is the point). */
function typeSeen(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Turns zod issues of a documented schema into findings. For a union, the closest variant
 * (fewest issues) explains the entry. `root` is the parsed value (issues carry no input here).
 */
export function findingsOf(issues: readonly Issue[], root: unknown, prefix: readonly PropertyKey[] = []): DriftFinding[] {
  const out: DriftFinding[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) out.push({ field: fieldPath([...path, key]), expected: UNDOCUMENTED_EXPECTED, seen: UNDOCUMENTED_SEEN });
        break;
      case "invalid_type":
        out.push({ field: fieldPath(path), expected: issue.expected, seen: typeSeen(valueAt(root, path)) });
        break;
      case "invalid_value":
        out.push({ field: fieldPath(path), expected: issue.values.map((v) => JSON.stringify(v)).join(" | "), seen: describeSeen(valueAt(root, path)) });
        break;
      case "invalid_union": {
        const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
        if (best && best.length > 0) out.push(...findingsOf(best, root, path));
        else out.push({ field: fieldPath(path), expected: "a documented variant", seen: describeSeen(valueAt(root, path)) });
        break;
      }
      default:
        out.push({ field: fieldPath(path), expected: issue.message, seen: describeSeen(valueAt(root, path)) });
    }
  }
  return out;
}

/** Differences between `value` and the documented `schema` (empty when it conforms). */
export function documentDrift(schema: z.ZodType, value: unknown): DriftFinding[] {
  const r = schema.safeParse(value);
  return r.success ? [] : findingsOf(r.error.issues, value);
}

const key = (endpoint: string, f: DriftFinding) => `${endpoint}\u0000${f.field}\u0000${f.expected}\u0000${f.seen}`;

/** Aggregates drift findings and skipped entries of one client. */
export class DriftRecorder {
  private readonly lines = new Map<string, DriftLine>();
  private entries = 0;
  private skippedEntries = 0;

  /** `onNew` is called once per new (endpoint, field, expected, seen), e.g. to log it. */
  constructor(private readonly onNew: (line: DriftLine) => void = () => {}) {}

  /**
   * Checks one entry (or single body) against its documented schema; when `readerIssues` is
   * given the entry was skipped, and those issues say why. Returns the findings.
   */
  record(endpoint: string, docSchema: z.ZodType | undefined, value: unknown, readerIssues?: readonly Issue[]): DriftFinding[] {
    const found = docSchema ? documentDrift(docSchema, value) : [];
    const touched = new Set<string>();
    for (const f of found) touched.add(this.add(endpoint, f, 1, 0));
    if (found.length > 0) this.entries += 1;
    if (readerIssues) {
      this.skippedEntries += 1;
      const why = findingsOf(readerIssues, value);
      // The reason is often drift already counted above (the id is missing): count the skip on that line.
      for (const f of why.length > 0 ? why : [{ field: "(entry)", expected: "what sigmactl needs", seen: describeSeen(value) }]) {
        this.add(endpoint, f, touched.has(key(endpoint, f)) ? 0 : 1, 1);
      }
      return [...found, ...why];
    }
    return found;
  }

  /** The aggregated lines, sorted by endpoint then field. */
  list(): DriftLine[] {
    return [...this.lines.values()]
      .map((l) => ({ ...l }))
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint) || a.field.localeCompare(b.field) || a.seen.localeCompare(b.seen));
  }

  /** Entries that differed from the document, and entries skipped. */
  counts(): { driftEntries: number; skippedEntries: number } {
    return { driftEntries: this.entries, skippedEntries: this.skippedEntries };
  }

  private add(endpoint: string, f: DriftFinding, count: number, skipped: number): string {
    const k = key(endpoint, f);
    const line = this.lines.get(k);
    if (line) {
      line.count += count;
      line.skipped += skipped;
    } else {
      const created = { endpoint, ...f, count, skipped };
      this.lines.set(k, created);
      this.onNew({ ...created });
    }
    return k;
  }
}

/**
 * What happened between two snapshots of `client.drift()`: a job sharing a client reports its
 * own share (lines with nothing new are dropped).
 */
export function driftSince(before: readonly DriftLine[], after: readonly DriftLine[]): DriftLine[] {
  const base = new Map(before.map((l) => [key(l.endpoint, l), l]));
  const out: DriftLine[] = [];
  for (const l of after) {
    const b = base.get(key(l.endpoint, l));
    const count = l.count - (b?.count ?? 0);
    const skipped = l.skipped - (b?.skipped ?? 0);
    if (count > 0 || skipped > 0) out.push({ ...l, count, skipped });
  }
  return out;
}

/** One drift line as text: `GET /v2/datasets owner: expected string, seen missing (×3, 1 skipped)`. */
export function formatDriftLine(l: DriftLine): string {
  const extra = l.skipped > 0 ? `, ${l.skipped} entr${l.skipped === 1 ? "y" : "ies"} skipped` : "";
  return `${l.endpoint} ${l.field}: expected ${l.expected}, seen ${l.seen} (×${l.count}${extra})`;
}
