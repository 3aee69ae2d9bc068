/** Workbooks (sigma-api-facts §5.1, §5.2): every method is a catalogue entry (src/api/endpoints.ts). */
import { ENDPOINTS } from "../../api/endpoints.js";
import { AbortedError, JobTimeoutError } from "../../errors.js";
import type {
  Element,
  ElementColumn,
  ElementLineage,
  ElementQuery,
  LineageEntry,
  MaterializationJob,
  MaterializationSchedule,
  MaterializationStarted,
  Workbook,
  WorkbookColumn,
  WorkbookExportStarted,
  WorkbookPage,
  WorkbookSource,
} from "../../schemas/index.js";
import { arrayEndpoint, callEndpoint, listEndpoint } from "../endpoint-call.js";
import type { Paginated } from "../pagination.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/workbooks`. */
export interface WorkbookListParams extends CallOptions {
  /** Admins: list every workbook of the organization. */
  skipPermissionCheck?: boolean;
  isArchived?: boolean;
  excludeTags?: boolean;
  excludeExplorations?: boolean;
}

/** What every export request may add (sigma-api-facts §5.12). */
export interface WorkbookExportCommon {
  /** Control id → control value (Sigma's value syntax), to filter the exported data. */
  parameters?: Record<string, string>;
  timeout?: number;
  /** Version tag of the workbook to export. */
  tag?: string;
  /** memberId to run the export's queries as (row-level security). */
  exportAs?: string;
  /** Rows per CSV/XLSX/JSON export (Sigma exports at most 1,000,000 per request). */
  rowLimit?: number;
  offset?: number;
  /** How long the file stays downloadable, in ms (Sigma: 1 h by default, up to 6 h). */
  resultsValidityTimeMs?: number;
}

type Pdf = { type: "pdf"; layout: "portrait" | "landscape" };
type Png = { type: "png"; pixelWidth?: number; pixelHeight?: number };

/** Body of `POST /v2/workbooks/{workbookId}/export`: one element, one page, or the whole workbook. */
export type WorkbookExportRequest = WorkbookExportCommon &
  (
    | { elementId: string; format: { type: "csv" | "jsonl" | "json" | "xlsx" } | Pdf | Png }
    | { pageId: string; format: Pdf | Png | { type: "xlsx" } }
    | { format: Pdf | { type: "xlsx" } }
  );

/** Polling of {@link Workbooks.exportAndDownload}. */
export interface ExportPollOptions extends CallOptions {
  /** First wait between download attempts (default 1000 ms); each wait grows ×1.5 up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Longest wait between attempts (default 15 000 ms). */
  maxPollIntervalMs?: number;
  /** Give up after this long (default 10 minutes): a JobTimeoutError naming the queryId. */
  timeoutMs?: number;
}

/** A finished export: its queryId and the file. */
export interface ExportedFile {
  queryId: string;
  body: Uint8Array;
  contentType: string;
}

/** `client.workbooks`. */
export class Workbooks extends Resource {
  /** `GET /v2/workbooks`. */
  list(params: WorkbookListParams = {}): Paginated<Workbook> {
    const { signal, ...query } = params;
    return listEndpoint(this.client, ENDPOINTS.listWorkbooks, {}, { query, signal });
  }

  /** `GET /v2/workbooks/{workbookId}`. */
  get(workbookId: string, options: CallOptions = {}): Promise<Workbook> {
    return callEndpoint(this.client, ENDPOINTS.getWorkbook, { workbookId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/pages`. */
  pages(workbookId: string, options: CallOptions = {}): Paginated<WorkbookPage> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookPages, { workbookId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/pages/{pageId}/elements`. */
  pageElements(workbookId: string, pageId: string, options: CallOptions = {}): Paginated<Element> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookPageElements, { workbookId, pageId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/elements`. */
  elements(workbookId: string, options: CallOptions = {}): Paginated<Element> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookElements, { workbookId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/columns`. */
  columns(workbookId: string, options: CallOptions = {}): Paginated<WorkbookColumn> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookColumns, { workbookId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/elements/{elementId}/columns`. */
  elementColumns(workbookId: string, elementId: string, options: CallOptions = {}): Paginated<ElementColumn> {
    return listEndpoint(this.client, ENDPOINTS.listElementColumns, { workbookId, elementId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/elements/{elementId}/query`: the element's SQL (one object). */
  elementQuery(workbookId: string, elementId: string, options: CallOptions = {}): Promise<ElementQuery> {
    return callEndpoint(this.client, ENDPOINTS.getElementQuery, { workbookId, elementId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/queries`: the SQL of every element. */
  queries(workbookId: string, options: CallOptions = {}): Paginated<ElementQuery> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookQueries, { workbookId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/lineage`. */
  lineage(workbookId: string, options: CallOptions = {}): Paginated<LineageEntry> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookLineage, { workbookId }, options);
  }

  /**
   * `GET /v2/workbooks/{workbookId}/lineage/elements/{elementId}`. Sigma answers 500 as its
   * ordinary "no lineage" reply here (sigma-api-facts §5.2), and a transient 500 looks the same: a
   * 500 is retried once (cheap), then surfaces as ServerError for the caller to count.
   */
  elementLineage(workbookId: string, elementId: string, options: CallOptions = {}): Promise<ElementLineage> {
    return callEndpoint(this.client, ENDPOINTS.getElementLineage, { workbookId, elementId }, options);
  }

  /** `GET /v2/workbooks/{workbookId}/sources` (a bare array, not paginated; an entry without what sigmactl needs is skipped and counted). */
  sources(workbookId: string, options: CallOptions = {}): Promise<WorkbookSource[]> {
    return arrayEndpoint(this.client, ENDPOINTS.listWorkbookSources, { workbookId }, options);
  }

  /** `GET /v2.1/workbooks/{workbookId}/materialization-schedules` (the always-paginated twin). */
  materializationSchedules(workbookId: string, options: CallOptions = {}): Paginated<MaterializationSchedule> {
    return listEndpoint(this.client, ENDPOINTS.listWorkbookSchedules, { workbookId }, options);
  }

  /**
   * `POST /v2/workbooks/{workbookId}/materializations` `{sheetId}`: starts a run. Retried only
   * when provably nothing started: a 429 refusal, or a request that never reached Sigma (a
   * replay after a 5xx, timeout or reset could start a second run).
   */
  materialize(workbookId: string, sheetId: string, options: CallOptions = {}): Promise<MaterializationStarted> {
    return callEndpoint(this.client, ENDPOINTS.materializeWorkbook, { workbookId }, { body: { sheetId }, signal: options.signal });
  }

  /** `GET /v2/workbooks/{workbookId}/materializations/{materializationId}`. */
  getMaterialization(workbookId: string, materializationId: string, options: CallOptions = {}): Promise<MaterializationJob> {
    return callEndpoint(this.client, ENDPOINTS.getWorkbookMaterialization, { workbookId, materializationId }, options);
  }

  /**
   * `POST /v2/workbooks/{workbookId}/export`: starts an export and answers its `queryId` (download
   * it with `client.queries.download`). It starts work on Sigma, so, like a materialization
   * trigger, it is retried only when provably nothing started: a 429 refusal, or a request that
   * never reached Sigma. Sigma documents 400 requests/minute here; the client does not throttle.
   */
  export(workbookId: string, body: WorkbookExportRequest, options: CallOptions = {}): Promise<WorkbookExportStarted> {
    return callEndpoint(this.client, ENDPOINTS.exportWorkbook, { workbookId }, { body, signal: options.signal });
  }

  /**
   * Exports, then polls the download (204 = not ready) until the file is there, waiting
   * `pollIntervalMs` ×1.5 each time up to `maxPollIntervalMs`.
   * @throws JobTimeoutError after `timeoutMs` (the export may still finish: the message names its
   *   queryId), NotFoundError when the download expired, AbortedError when `signal` aborts
   */
  async exportAndDownload(workbookId: string, body: WorkbookExportRequest, options: ExportPollOptions = {}): Promise<ExportedFile> {
    const { signal } = options;
    const first = options.pollIntervalMs ?? 1000;
    const cap = Math.max(first, options.maxPollIntervalMs ?? 15_000);
    const timeoutMs = options.timeoutMs ?? 600_000;
    if (!(first > 0) || !(timeoutMs > 0)) throw new RangeError("exportAndDownload: pollIntervalMs and timeoutMs must be > 0");
    const clock = this.client.clock;
    const started = clock.now();
    const { queryId } = await this.export(workbookId, body, { signal });
    let wait = first;
    // Bounded twice: by the clock, and by the number of waits that fit (a clock that never moves).
    const maxPolls = Math.ceil(timeoutMs / first) + 1;
    for (let poll = 0; poll < maxPolls; poll++) {
      if (signal?.aborted) throw new AbortedError(`export ${queryId} of workbook ${workbookId}: aborted while waiting for the file`);
      const d = await this.client.queries.download(queryId, { signal });
      if (d.status === "ready") return { queryId, body: d.body, contentType: d.contentType };
      const elapsed = clock.now() - started;
      if (elapsed + wait > timeoutMs) break;
      await clock.sleep(wait, signal);
      wait = Math.min(cap, wait * 1.5);
    }
    throw new JobTimeoutError(
      `export ${queryId} of workbook ${workbookId} was not ready after ${Math.round((clock.now() - started) / 1000)} s; ` +
        `Sigma may still finish it: download it with client.queries.download("${queryId}") within the hour`,
    );
  }

}
