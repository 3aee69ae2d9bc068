/**
 * `sigmactl api METHOD PATH`: a raw authenticated call, like `gh api`. Authentication, retries
 * and redaction are the client's; the answer is printed as JSON. With --paginate every page of
 * any of Sigma's three list styles is followed and one JSON array of all entries is printed.
 */
import type { Command } from "commander";
import { z } from "zod";
import { UserError } from "../../errors.js";
import type { SigmaClient } from "../../client/client.js";
import type { Logger } from "../../client/logger.js";
import { Paginated } from "../../client/pagination.js";
import { OpaqueCursor, type Query } from "../../client/url.js";
import {
  fieldsGoToQuery,
  fieldsToBody,
  fieldsToQuery,
  parseJsonBody,
  parseMethod,
  parsePath,
  rawField,
  readInput,
  typedField,
  type Field,
} from "../api-request.js";
import { createClientFromOptions, globalOptionsOf, type CliContext } from "../context.js";
import { createOutput, formatJson } from "../output.js";
import { examples } from "../program.js";

interface ApiOptions {
  paginate?: boolean;
  rawField?: string[];
  field?: string[];
  input?: string;
}

// No default value: commander would print "(default: [])" in the help.
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Registers `api`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("api")
    .summary("call any Sigma API path with your credentials")
    .description("make an authenticated request to any Sigma API path and print the JSON answer")
    .argument("<method>", "HTTP method: GET, POST, PUT, PATCH, DELETE or HEAD")
    .argument("<path>", "API path with its version, e.g. /v2/workbooks (a query string is allowed)")
    .option("--paginate", "follow every page (nextPage, nextPageToken or a bare array) and print one array of all entries")
    .option("-f, --raw-field <key=value>", "a string parameter: query string for GET, JSON body otherwise (repeatable)", collect)
    .option("-F, --field <key=value>", "a typed parameter: true/false/null/numbers as JSON, @file reads a file (repeatable)", collect)
    .option("--input <file>", "the JSON request body from a file ('-' for stdin); fields then go to the query string")
    .addHelpText(
      "after",
      examples([
        ["sigmactl api GET /v2/whoami", "who am I"],
        ["sigmactl api GET /v2/workbooks --paginate -f limit=500", "every workbook, all pages, as one JSON array"],
        ["sigmactl api GET /v2/dataModels/<id>/sources --paginate", "a token-paginated list (pageToken/nextPageToken)"],
        ["sigmactl api POST /v2/workbooks/<id>/materializations -f sheetId=<sheetId>", "a JSON body {\"sheetId\": ...}"],
        ["echo '{\"name\":\"Ops\"}' | sigmactl api POST /v2/teams --input -", "a body from stdin"],
      ]),
    )
    .action(async (rawMethod: string, rawPath: string, opts: ApiOptions, cmd: Command) => {
      const g = globalOptionsOf(cmd);
      const out = createOutput(ctx, g);
      const method = parseMethod(rawMethod);
      const { path, query: pathQuery } = parsePath(rawPath);
      const fields: Field[] = (opts.rawField ?? []).map(rawField);
      for (const f of opts.field ?? []) fields.push(await typedField(f, ctx));
      const toQuery = fieldsGoToQuery(method, opts.input !== undefined);
      const query = fieldsToQuery(pathQuery, toQuery ? fields : []);
      let body: unknown;
      if (opts.input !== undefined) {
        body = parseJsonBody(await readInput(opts.input, ctx), opts.input === "-" ? "standard input" : opts.input);
      } else if (!toQuery && fields.length > 0) body = fieldsToBody(fields);
      if (opts.paginate && method !== "GET") throw new UserError("--paginate only works with GET");

      const client = createClientFromOptions(g, ctx, { logger: out.logger });
      const answer = opts.paginate
        ? await paginateAll(client, path, query, out.logger, ctx.signal)
        : await client.request({ method, path, query, body, signal: ctx.signal });
      // An empty answer (HEAD, 204) prints nothing rather than a made-up value.
      if (answer !== undefined) out.print(formatJson(answer));
    });
}

function isEnvelope(body: unknown): body is { entries: unknown[]; nextPageToken?: unknown } {
  return typeof body === "object" && body !== null && Array.isArray((body as { entries?: unknown }).entries);
}

/**
 * Follows a list to its end. The style is read from the first answer: a bare array is the
 * whole list; `nextPageToken` (or the caller's pageSize/pageToken) means token style; else
 * page style. The user's own limit/pageSize are kept. The client's Paginated guards the loop.
 */
export async function paginateAll(client: SigmaClient, path: string, query: Query, logger: Logger, signal: AbortSignal): Promise<unknown[]> {
  const get = (q: Query) => client.request<unknown>({ method: "GET", path, query: q, signal });
  const first = await get(query);
  if (Array.isArray(first)) return first;
  if (!isEnvelope(first)) {
    throw new UserError(`--paginate: GET ${path} did not answer with a list (an array or an object with entries)`, {
      suggestions: ["drop --paginate for endpoints that return a single object"],
    });
  }
  const token = "nextPageToken" in first || "pageToken" in query || "pageSize" in query;
  const cursorKey = token ? "pageToken" : "page";
  const list = new Paginated<unknown>({
    style: token ? "token" : "page",
    itemSchema: z.unknown(),
    logger,
    signal,
    fetchPage: async (cursor) => ({
      body: cursor === undefined ? first : await get({ ...query, [cursorKey]: new OpaqueCursor(cursor) }),
      request: { method: "GET", path },
    }),
  });
  const entries = await list.toArray();
  if (list.summary) logger.debug(`--paginate: ${list.summary.pages} pages, ${list.summary.received} entries`);
  return entries;
}
