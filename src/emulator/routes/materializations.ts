/**
 * Materialization routes (sigma-api-facts §5.1) for workbooks, data models and datasets.
 *
 * Choices where Sigma's behaviour is not evidenced (documented in the report):
 *  - a sheetId that is not a schedule of that workbook/data model: 404 not_found;
 *  - a body without a string sheetId: 400 invalid_request;
 *  - a trigger while a run of the same sheet is in progress: a second job ("new-job",
 *    default) or 409 {code: "conflict"} (concurrentTrigger: "conflict"); datasets alike;
 *  - paused schedules can still be run now.
 * Legacy /v2 materialization-schedules without `limit` answers `{entries}` without nextPage
 * in "array" mode (its pre-2026-06-02 form); paginated mode pages with the default size.
 */
import { HttpError, badRequest, notFound, readJsonObject } from "../http.js";
import { requireDataModel, requireDataset, requireWorkbook } from "./lookups.js";
import { ENDPOINTS, get, listBody, live, ok, type RouteContext, type RouteDef } from "./types.js";

async function sheetIdOf(ctx: RouteContext): Promise<string> {
  const body = await readJsonObject(ctx.req);
  if (typeof body.sheetId !== "string" || body.sheetId === "") throw badRequest("sheetId is required");
  return body.sheetId;
}

function conflict(what: string): HttpError {
  return new HttpError(409, "conflict", `A materialization of ${what} is already in progress`);
}

/** Triggers a run after checking the order (stats `orderViolations`: an upstream run of the same client still going). */
function triggerInOrder(ctx: RouteContext, kind: "workbook" | "dataModel" | "dataset", documentId: string, target: string) {
  const now = ctx.state.clock.now();
  const by = ctx.caller?.clientId;
  const graph = ctx.state.index.readGraph();
  const node = graph.nodeOfSheet(documentId, target);
  if (node !== undefined) ctx.state.jobs.checkOrder(graph.scheduledAncestors(node), by, now);
  return ctx.state.jobs.trigger(kind, documentId, target, now, by);
}

async function triggerWorkbook(ctx: RouteContext) {
  const view = requireWorkbook(ctx);
  const sheetId = await sheetIdOf(ctx);
  const workbookId = view.record.workbook.workbookId;
  if (!view.schedules.has(sheetId)) throw notFound(`No materialization schedule with sheetId ${sheetId} in workbook ${workbookId}`);
  const run = triggerInOrder(ctx, "workbook", workbookId, sheetId);
  if (run === "conflict") throw conflict(`sheet ${sheetId}`);
  return ok({ materializationId: run.id });
}

async function triggerDataModel(ctx: RouteContext) {
  const record = requireDataModel(ctx);
  const sheetId = await sheetIdOf(ctx);
  const id = record.dataModel.dataModelId;
  if (!ctx.state.index.dataModelSchedules(record).has(sheetId)) throw notFound(`No materialization schedule with sheetId ${sheetId} in data model ${id}`);
  const run = triggerInOrder(ctx, "dataModel", id, sheetId);
  if (run === "conflict") throw conflict(`sheet ${sheetId}`);
  return ok({ materializationId: run.id });
}

async function triggerDataset(ctx: RouteContext) {
  const record = requireDataset(ctx);
  await readJsonObject(ctx.req); // the document's body is `{}`; malformed JSON is still a 400
  const id = record.dataset.datasetId;
  const run = triggerInOrder(ctx, "dataset", id, id);
  if (run === "conflict") throw conflict(`dataset ${id}`);
  return ok({ taskId: run.id });
}

/** Materialization routes. */
export const materializationRoutes: RouteDef[] = [
  get(ENDPOINTS.listWorkbookSchedulesLegacy, (ctx) => {
    const schedules = requireWorkbook(ctx).record.materializationSchedules;
    if (ctx.state.options.legacyLists === "array" && !ctx.query.has("limit")) return ok({ entries: schedules });
    return ok(listBody(ctx, schedules));
  }),
  get(ENDPOINTS.listWorkbookSchedules, (ctx) =>
    ok(listBody(ctx, requireWorkbook(ctx).record.materializationSchedules)),
  ),
  live(ENDPOINTS.materializeWorkbook, triggerWorkbook),
  live(ENDPOINTS.getWorkbookMaterialization, (ctx) => {
    const view = requireWorkbook(ctx);
    const id = ctx.params.materializationId ?? "";
    const job = ctx.state.jobs.job("workbook", view.record.workbook.workbookId, id, ctx.state.clock.now());
    if (!job) throw notFound(`Materialization ${id} not found`);
    return ok(job);
  }),
  get(ENDPOINTS.listDataModelSchedules, (ctx) =>
    ok(listBody(ctx, requireDataModel(ctx).materializationSchedules)),
  ),
  live(ENDPOINTS.materializeDataModel, triggerDataModel),
  live(ENDPOINTS.getDataModelMaterialization, (ctx) => {
    const record = requireDataModel(ctx);
    const id = ctx.params.materializationId ?? "";
    const job = ctx.state.jobs.job("dataModel", record.dataModel.dataModelId, id, ctx.state.clock.now());
    if (!job) throw notFound(`Materialization ${id} not found`);
    return ok(job);
  }),
  live(ENDPOINTS.materializeDataset, triggerDataset),
  live(ENDPOINTS.listDatasetMaterializations, (ctx) => {
    const record = requireDataset(ctx);
    const fresh = ctx.state.jobs.datasetHistory(record.dataset.datasetId, ctx.state.clock.now());
    const all = fresh.length === 0 ? record.materializationHistory : [...fresh, ...record.materializationHistory];
    if (fresh.length > 0) all.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));
    return ok(listBody(ctx, all));
  }),
];
