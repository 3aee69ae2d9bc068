/**
 * Finds the one document a user reference means, among the documents of one kind.
 * A reference is an id, a urlId, an app URL, a name, or `folder/path/name`. No match or
 * several matches is a UserError that lists the closest candidates.
 */
import { UserError } from "../errors.js";
import { closestMatches, nearestMatches } from "../shared/closest.js";
import type { DocumentKind, DocumentRef } from "./types.js";

const KIND_LABEL: Record<DocumentKind, string> = { workbook: "workbook", "data-model": "data model", dataset: "dataset" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Human label of a document kind ("data model"). */
export function kindLabel(kind: DocumentKind): string {
  return KIND_LABEL[kind];
}

/** How a target of this kind is named in a message (the CLI shows its flag instead). */
function kindOption(kind: DocumentKind): string {
  return `\`kind: ${kind}\``;
}

/** What an app URL says: the kind of document and the id candidates in its path. */
export interface ParsedUrl {
  kind: DocumentKind | undefined;
  candidates: string[];
}

/**
 * Reads a Sigma app URL: `/<org>/workbook/<urlId>` (optionally `Name-Slug-<urlId>`),
 * `/<org>/data-model/<id>`, `/<org>/b/<urlId>` or `/<org>/dataset/<urlId>`. Undefined when `text` is no URL.
 */
export function parseAppUrl(text: string): ParsedUrl | undefined {
  if (!/^https?:\/\//i.test(text.trim())) return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const segments = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
  const markers: Record<string, DocumentKind> = {
    workbook: "workbook",
    "data-model": "data-model",
    "data-models": "data-model",
    b: "dataset",
    dataset: "dataset",
  };
  const at = segments.findIndex((s) => s.toLowerCase() in markers);
  if (at < 0 || at + 1 >= segments.length) return { kind: undefined, candidates: segments.slice(-1) };
  const kind = markers[(segments[at] as string).toLowerCase()];
  const seg = segments[at + 1] as string;
  const candidates = [seg];
  // `My-Workbook-2opi6VLEne4BaPyj00US50`: the urlId is the last dash-separated part (base62 has no dash).
  if (!UUID.test(seg) && seg.includes("-")) candidates.push(seg.slice(seg.lastIndexOf("-") + 1));
  return { kind, candidates };
}

/** Resolves `ref` against `documents` (all of kind `kind`); throws UserError with suggestions. */
export function matchDocument(kind: DocumentKind, ref: string, documents: readonly DocumentRef[], source?: string): DocumentRef {
  const text = ref.trim();
  const where = source ? ` (${source})` : "";
  if (text === "") throw new UserError(`empty ${kindLabel(kind)} reference${where}`);

  const byKey = (key: string): DocumentRef | undefined => documents.find((d) => d.id === key || d.urlId === key);
  const direct = byKey(text);
  if (direct) return direct;

  const parsed = parseAppUrl(text);
  if (parsed) {
    if (parsed.kind && parsed.kind !== kind) {
      throw new UserError(`${text} is a ${kindLabel(parsed.kind)} URL, not a ${kindLabel(kind)} URL${where}`, {
        suggestions: [`use ${kindOption(parsed.kind)} ${text}`],
      });
    }
    for (const c of parsed.candidates) {
      const hit = byKey(c);
      if (hit) return hit;
    }
    throw notFound(kind, text, documents, where, []);
  }

  const exact = documents.filter((d) => d.name === text || (d.path !== undefined && `${d.path}/${d.name}` === text));
  if (exact.length === 1) return exact[0] as DocumentRef;
  const folded = text.toLowerCase();
  const loose =
    exact.length > 1 ? exact : documents.filter((d) => d.name.trim().toLowerCase() === folded || pathName(d).toLowerCase() === folded);
  if (loose.length === 1) return loose[0] as DocumentRef;
  if (loose.length > 1) {
    throw new UserError(`${loose.length} ${kindLabel(kind)}s are named "${text}"${where}; name one by id or by folder path`, {
      suggestions: loose.slice(0, 10).map(describe),
    });
  }
  throw notFound(kind, text, documents, where, closestMatches(text, documents, (d) => d.name));
}

function pathName(d: DocumentRef): string {
  return d.path ? `${d.path}/${d.name}` : d.name;
}

/** One line that identifies a document: `"Sales" (id …, in Workspace/Finance)`. */
export function describe(d: DocumentRef): string {
  const where = d.path ? `, in ${d.path}` : "";
  return `"${d.name}" (id ${d.id}${where})`;
}

function notFound(kind: DocumentKind, text: string, documents: readonly DocumentRef[], where: string, close: DocumentRef[]): UserError {
  // Nothing close: still show the nearest names, so the user sees what exists.
  const nearest = close.length > 0 ? [] : nearestMatches(text, documents, (d) => d.name, 5);
  const hint =
    close.length > 0
      ? close.map((d) => `did you mean ${describe(d)}?`)
      : [
          ...(nearest.length > 0 ? [`nothing is close; the nearest names: ${nearest.map(describe).join(", ")}`] : []),
          `${documents.length} ${kindLabel(kind)}s are visible to these credentials; name it by id or exact name`,
        ];
  return new UserError(`no ${kindLabel(kind)} matches "${text}"${where}`, { suggestions: hint });
}
