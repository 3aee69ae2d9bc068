/** Workbooks (API-NOTES §5.1, §5.2). */
import { z } from "zod";
import {
  ElementColumnSchema,
  ElementLineageSchema,
  ElementQuerySchema,
  ElementSchema,
  LineageEntrySchema,
  MaterializationJobSchema,
  MaterializationScheduleSchema,
  MaterializationStartedSchema,
  WorkbookColumnSchema,
  WorkbookPageSchema,
  WorkbookSchema,
  WorkbookSourceSchema,
  type Element,
  type ElementColumn,
  type ElementLineage,
  type ElementQuery,
  type LineageEntry,
  type MaterializationJob,
  type MaterializationSchedule,
  type MaterializationStarted,
  type Workbook,
  type WorkbookColumn,
  type WorkbookPage,
  type WorkbookSource,
} from "../../schemas/index.js";
import type { Paginated } from "../pagination.js";
import { path } from "../url.js";
import { Resource, type CallOptions } from "./resource.js";

/** Filters of `GET /v2/workbooks`. */
export interface WorkbookListParams extends CallOptions {
  /** Admins: list every workbook of the organization. */
  skipPermissionCheck?: boolean;
  isArchived?: boolean;
  excludeTags?: boolean;
  excludeExplorations?: boolean;
}

const WorkbookSourcesSchema = z.array(WorkbookSourceSchema);

/** `client.workbooks`. */
export class Workbooks extends Resource {
  /** `GET /v2/workbooks`. */
  list(params: WorkbookListParams = {}): Paginated<Workbook> {
    const { signal, ...query } = params;
    return this.client.paginate("/v2/workbooks", { style: "page", itemSchema: WorkbookSchema, query, signal });
  }

  /** `GET /v2/workbooks/{workbookId}`. */
  get(workbookId: string, options: CallOptions = {}): Promise<Workbook> {
    return this.client.request({ method: "GET", path: path`/v2/workbooks/${workbookId}`, schema: WorkbookSchema, ...options });
  }

  /** `GET /v2/workbooks/{workbookId}/pages`. */
  pages(workbookId: string, options: CallOptions = {}): Paginated<WorkbookPage> {
    return this.list$(path`/v2/workbooks/${workbookId}/pages`, WorkbookPageSchema, options);
  }

  /** `GET /v2/workbooks/{workbookId}/pages/{pageId}/elements`. */
  pageElements(workbookId: string, pageId: string, options: CallOptions = {}): Paginated<Element> {
    return this.list$(path`/v2/workbooks/${workbookId}/pages/${pageId}/elements`, ElementSchema, options);
  }

  /** `GET /v2/workbooks/{workbookId}/elements`. */
  elements(workbookId: string, options: CallOptions = {}): Paginated<Element> {
    return this.list$(path`/v2/workbooks/${workbookId}/elements`, ElementSchema, options);
  }

  /** `GET /v2/workbooks/{workbookId}/columns`. */
  columns(workbookId: string, options: CallOptions = {}): Paginated<WorkbookColumn> {
    return this.list$(path`/v2/workbooks/${workbookId}/columns`, WorkbookColumnSchema, options);
  }

  /** `GET /v2/workbooks/{workbookId}/elements/{elementId}/columns`. */
  elementColumns(workbookId: string, elementId: string, options: CallOptions = {}): Paginated<ElementColumn> {
    return this.list$(path`/v2/workbooks/${workbookId}/elements/${elementId}/columns`, ElementColumnSchema, options);
  }

  /** `GET /v2/workbooks/{workbookId}/elements/{elementId}/query`: the element's SQL (one object). */
  elementQuery(workbookId: string, elementId: string, options: CallOptions = {}): Promise<ElementQuery> {
    return this.client.request({
      method: "GET",
      path: path`/v2/workbooks/${workbookId}/elements/${elementId}/query`,
      schema: ElementQuerySchema,
      ...options,
    });
  }

  /** `GET /v2/workbooks/{workbookId}/queries`: the SQL of every element. */
  queries(workbookId: string, options: CallOptions = {}): Paginated<ElementQuery> {
    return this.list$(path`/v2/workbooks/${workbookId}/queries`, ElementQuerySchema, options);
  }

  /** `GET /v2/workbooks/{workbookId}/lineage`. */
  lineage(workbookId: string, options: CallOptions = {}): Paginated<LineageEntry> {
    return this.list$(path`/v2/workbooks/${workbookId}/lineage`, LineageEntrySchema, options);
  }

  /**
   * `GET /v2/workbooks/{workbookId}/lineage/elements/{elementId}`. Sigma answers 500 as its
   * ordinary "no lineage" reply here (API-NOTES §5.2), and a transient 500 looks the same: a
   * 500 is retried once (cheap), then surfaces as ServerError for the caller to count.
   */
  elementLineage(workbookId: string, elementId: string, options: CallOptions = {}): Promise<ElementLineage> {
    return this.client.request({
      method: "GET",
      path: path`/v2/workbooks/${workbookId}/lineage/elements/${elementId}`,
      schema: ElementLineageSchema,
      retryOn500: "once",
      ...options,
    });
  }

  /** `GET /v2/workbooks/{workbookId}/sources` (a bare array, not paginated). */
  sources(workbookId: string, options: CallOptions = {}): Promise<WorkbookSource[]> {
    return this.client.request({
      method: "GET",
      path: path`/v2/workbooks/${workbookId}/sources`,
      schema: WorkbookSourcesSchema,
      ...options,
    });
  }

  /** `GET /v2.1/workbooks/{workbookId}/materialization-schedules` (the always-paginated twin). */
  materializationSchedules(workbookId: string, options: CallOptions = {}): Paginated<MaterializationSchedule> {
    return this.list$(path`/v2.1/workbooks/${workbookId}/materialization-schedules`, MaterializationScheduleSchema, options);
  }

  /**
   * `POST /v2/workbooks/{workbookId}/materializations` `{sheetId}`: starts a run. Retried only
   * when provably nothing started: a 429 refusal, or a request that never reached Sigma (a
   * replay after a 5xx, timeout or reset could start a second run).
   */
  materialize(workbookId: string, sheetId: string, options: CallOptions = {}): Promise<MaterializationStarted> {
    return this.client.request({
      method: "POST",
      path: path`/v2/workbooks/${workbookId}/materializations`,
      body: { sheetId },
      schema: MaterializationStartedSchema,
      idempotent: false,
      ...options,
    });
  }

  /** `GET /v2/workbooks/{workbookId}/materializations/{materializationId}`. */
  getMaterialization(workbookId: string, materializationId: string, options: CallOptions = {}): Promise<MaterializationJob> {
    return this.client.request({
      method: "GET",
      path: path`/v2/workbooks/${workbookId}/materializations/${materializationId}`,
      schema: MaterializationJobSchema,
      ...options,
    });
  }

  private list$<T>(p: string, itemSchema: z.ZodType<T>, options: CallOptions): Paginated<T> {
    return this.client.paginate(p, { style: "page", itemSchema, signal: options.signal });
  }
}
