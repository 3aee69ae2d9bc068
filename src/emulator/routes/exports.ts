/**
 * Workbook export and query download (sigma-api-facts §5.12; engine in exports.ts).
 *
 * POST /v2/workbooks/{workbookId}/export answers `{jobComplete: false, queryId}` (the file is
 * produced asynchronously). The emulator implements element exports as CSV: `{elementId,
 * format: {type: "csv"}}` with `rowLimit`, `offset`, `resultsValidityTimeMs`, `parameters`,
 * `tag`, `exportAs` and `timeout` checked. Other formats (json, jsonl, xlsx, pdf, png) and page
 * or whole-workbook exports are valid requests the emulator does not implement: 400 saying so.
 * `parameters` filter nothing (controls are not evaluated). Workbook id checks as elsewhere
 * (400 malformed, 404 unknown, 403 hidden); unknown element 404; an element without data
 * (control, text, image) 400.
 *
 * GET /v2/query/{queryId}/download: 204 (no body) while the export runs, 200 `text/csv` with
 * the file, 404 `not_found` with Sigma's "expired" message after the validity window (also for
 * a queryId the emulator never issued or has forgotten).
 */
import { badRequest, notFound, readJsonObject, type EmuResponse } from "../http.js";
import { DEFAULT_VALIDITY_MS, EXPIRED_MESSAGE, MAX_VALIDITY_MS } from "../exports.js";
import { requireWorkbook } from "./lookups.js";
import { ENDPOINTS, live, ok, type RouteContext, type RouteDef } from "./types.js";

const FORMATS = ["csv", "jsonl", "json", "xlsx", "pdf", "png"];
const MAX_ROWS = 1_000_000;

/** A non-negative integer field, or undefined when absent; 400 otherwise. */
function count(body: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw badRequest(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

function checkCommon(ctx: RouteContext, body: Record<string, unknown>, tags: ReadonlyArray<{ versionTagId: string; name?: string; tagName?: string }> | undefined): void {
  const params = body.parameters;
  if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params) || !Object.values(params).every((v) => typeof v === "string"))) {
    throw badRequest("parameters must be an object of control ids to string values");
  }
  if (body.timeout !== undefined && (typeof body.timeout !== "number" || !(body.timeout > 0))) throw badRequest("timeout must be a positive number");
  if (body.tag !== undefined) {
    if (typeof body.tag !== "string" || body.tag === "") throw badRequest("tag must be a non-empty string");
    const tag = body.tag;
    if (!(tags ?? []).some((t) => t.versionTagId === tag || (t.name ?? t.tagName) === tag)) throw notFound(`Version tag "${tag}" not found on this workbook`);
  }
  if (body.exportAs !== undefined) {
    if (typeof body.exportAs !== "string" || !ctx.state.index.members.has(body.exportAs)) throw badRequest(`exportAs must be the memberId of a member, got ${JSON.stringify(body.exportAs)}`);
  }
}

async function startExport(ctx: RouteContext): Promise<EmuResponse> {
  const view = requireWorkbook(ctx);
  const workbook = view.record.workbook;
  const body = await readJsonObject(ctx.req);
  const format = body.format;
  if (typeof format !== "object" || format === null || Array.isArray(format) || typeof (format as { type?: unknown }).type !== "string") {
    throw badRequest('format is required, e.g. {"type": "csv"}');
  }
  const type = (format as { type: string }).type;
  if (!FORMATS.includes(type)) throw badRequest(`format.type must be one of ${FORMATS.join(", ")}, got "${type}"`);
  checkCommon(ctx, body, workbook.tags);
  if (body.elementId === undefined) {
    const what = body.pageId === undefined ? "Whole-workbook" : "Page";
    throw badRequest(`${what} exports (pdf, png, xlsx) are not implemented by the Sigma emulator; export an element with {"elementId", "format": {"type": "csv"}}`);
  }
  if (typeof body.elementId !== "string" || body.elementId === "") throw badRequest("elementId must be a non-empty string");
  const el = view.elements.get(body.elementId);
  if (!el) throw notFound(`Element ${body.elementId} not found in workbook ${workbook.workbookId}`);
  if (!el.query || el.columns.length === 0) throw badRequest(`Element ${body.elementId} is not a data element and cannot be exported`);
  if (type !== "csv") throw badRequest(`format "${type}" is not implemented by the Sigma emulator; element exports support "csv"`);
  const offset = count(body, "offset", 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const rowLimit = count(body, "rowLimit", 1, MAX_ROWS);
  const validityMs = count(body, "resultsValidityTimeMs", 1, MAX_VALIDITY_MS) ?? DEFAULT_VALIDITY_MS;
  const name = el.element.name ?? el.element.elementId;
  const queryId = ctx.state.exports.start(
    {
      workbookId: workbook.workbookId,
      elementId: el.element.elementId,
      name,
      columns: el.columns.map((c) => ({ label: c.label, kind: typeof c.type.type === "string" ? c.type.type : "text" })),
      offset,
      rowLimit,
      validityMs,
    },
    ctx.state.clock.now(),
  );
  return ok({ jobComplete: false, queryId });
}

function download(ctx: RouteContext): EmuResponse {
  const id = ctx.params.queryId ?? "";
  const d = ctx.state.exports.download(id, ctx.state.clock.now());
  if (d.state === "pending") return { status: 204, headers: {}, body: null };
  if (d.state !== "ready") throw notFound(EXPIRED_MESSAGE);
  // The name is ours (element names are plain words), quoted for the header all the same.
  const filename = d.filename.replace(/["\\\r\n]/g, "_");
  return { status: 200, headers: { "content-type": d.contentType, "content-disposition": `attachment; filename="${filename}"` }, body: d.body };
}

/** Export and download routes. */
export const exportRoutes: RouteDef[] = [
  live(ENDPOINTS.exportWorkbook, startExport),
  live(ENDPOINTS.downloadQuery, download),
];
