/**
 * Turns target specs into Sigma documents. An id is fetched directly; anything else (urlId,
 * URL, name) is matched against the list of documents of that kind, fetched once per run.
 */
import { BadRequestError, NotFoundError } from "../errors.js";
import type { DataModel, Dataset, Workbook } from "../schemas/index.js";
import type { CallOptions, MaterializeClient } from "./client-port.js";
import { matchDocument } from "./match-document.js";
import type { DocumentKind, DocumentRef, TargetSpec } from "./types.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Last path segment of a URL (a dataset's urlId lives there). */
function lastSegment(url: string): string | undefined {
  try {
    return new URL(url).pathname.split("/").filter(Boolean).pop();
  } catch {
    return undefined;
  }
}

/** Converts a Sigma payload of `kind` into a DocumentRef. */
function toDocumentRef(kind: DocumentKind, raw: Workbook | DataModel | Dataset): DocumentRef {
  if (kind === "workbook") {
    const w = raw as Workbook;
    return { kind, id: w.workbookId, name: w.name ?? w.workbookId, urlId: w.workbookUrlId ?? undefined, url: w.url ?? undefined, path: w.path ?? undefined };
  }
  if (kind === "data-model") {
    const d = raw as DataModel;
    // Real bodies may name the urlId `urlId` instead of `dataModelUrlId`.
    const urlId = d.dataModelUrlId ?? d.urlId ?? undefined;
    return { kind, id: d.dataModelId, name: d.name ?? d.dataModelId, urlId, url: d.url ?? undefined, path: d.path ?? undefined };
  }
  const s = raw as Dataset;
  const url = s.url ?? undefined;
  return { kind, id: s.datasetId, name: s.name ?? s.datasetId, urlId: url === undefined ? undefined : lastSegment(url), url, path: s.path ?? undefined };
}

/** Looks documents up, listing each kind at most once per run. */
export class DocumentIndex {
  private readonly lists = new Map<DocumentKind, Promise<DocumentRef[]>>();

  constructor(
    private readonly client: MaterializeClient,
    private readonly call: CallOptions = {},
  ) {}

  /** The document `spec` names. @throws UserError when nothing or several documents match. */
  async resolve(spec: TargetSpec): Promise<DocumentRef> {
    const ref = spec.ref.trim();
    if (UUID.test(ref)) {
      const direct = await this.getById(spec.kind, ref);
      if (direct) return direct;
    }
    return matchDocument(spec.kind, ref, await this.list(spec.kind), spec.source);
  }

  private async getById(kind: DocumentKind, id: string): Promise<DocumentRef | undefined> {
    try {
      const raw =
        kind === "workbook"
          ? await this.client.workbooks.get(id, this.call)
          : kind === "data-model"
            ? await this.client.dataModels.get(id, this.call)
            : await this.client.datasets.get(id, this.call);
      return toDocumentRef(kind, raw);
    } catch (err) {
      // Unknown id: fall back to the list, which also yields suggestions.
      if (err instanceof NotFoundError || err instanceof BadRequestError) return undefined;
      throw err;
    }
  }

  private list(kind: DocumentKind): Promise<DocumentRef[]> {
    let p = this.lists.get(kind);
    if (!p) {
      p = this.fetchAll(kind);
      this.lists.set(kind, p);
    }
    return p;
  }

  private async fetchAll(kind: DocumentKind): Promise<DocumentRef[]> {
    const out: DocumentRef[] = [];
    const source =
      kind === "workbook"
        ? this.client.workbooks.list(this.call)
        : kind === "data-model"
          ? this.client.dataModels.list(this.call)
          : this.client.datasets.list(this.call);
    for await (const raw of source as AsyncIterable<Workbook | DataModel | Dataset>) {
      if ((raw as { isArchived?: boolean }).isArchived === true) continue;
      out.push(toDocumentRef(kind, raw));
    }
    return out;
  }
}
