/**
 * `sigmactl api METHOD PATH`: a raw authenticated call, like `gh api`. Authentication, retries
 * and redaction are the client's; the answer is printed as JSON. With --paginate every page of
 * any of Sigma's three list styles is followed and one JSON array of all entries is printed.
 */
import type { Command } from "commander";
import { z } from "zod";
import { SigmaApiError, UserError } from "../../errors.js";
import { ApiClientError } from "../exit-codes.js";
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
  method?: string;
  query?: string;
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
    .description(
      "make an authenticated request to any Sigma API path and print the JSON answer (an error answer's body too, exit 7 for a 4xx that was not retried)",
    )
    .argument("<path>", "API path with its version, e.g. /v2/workbooks (a query string is allowed); 0.1's `METHOD PATH` still works, prefer -X")
    .argument("[path]", "the path, when a method came first")
    .option("-X, --method <method>", "HTTP method: GET (default), POST, PUT, PATCH, DELETE or HEAD")
    .option("-q, --query <jmespath>", "print only what this JMESPath expression selects (https://jmespath.org), e.g. 'entries[].name'")
    .option("--paginate", "follow every page (nextPage, nextPageToken or a bare array) and print one array of all entries")
    .option("-f, --raw-field <key=value>", "a string parameter: query string for GET, JSON body otherwise (repeatable)", collect)
    .option("-F, --field <key=value>", "a typed parameter: true/false/null/numbers as JSON, @file reads a file (repeatable)", collect)
    .option("--input <file>", "the JSON request body from a file ('-' for stdin); fields then go to the query string")
    .addHelpText(
      "after",
      examples([
        ["sigmactl api /v2/whoami", "who am I (GET is the default)"],
        ["sigmactl api /v2/workbooks --paginate -f limit=500", "every workbook, all pages, as one JSON array"],
        ["sigmactl api /v2/workbooks --paginate --query '[].name'", "only the names (JMESPath, no jq needed)"],
        ["sigmactl api /v2/dataModels/<id>/sources --paginate", "a token-paginated list (pageToken/nextPageToken)"],
        ["sigmactl api -X POST /v2/workbooks/<id>/materializations -f sheetId=<sheetId>", "a JSON body {\"sheetId\": ...}"],
        ["echo '{\"name\":\"Ops\"}' | sigmactl api -X POST /v2/teams --input -", "a body from stdin"],
      ]),
    )
    .addHelpText("after", "\nExit codes: 0 2xx, 3 usage, 4 401/403, 5 API or network error after retries (5xx, 429, timeouts), 7 any other 4xx (not retried).\n")
    .action(async (first: string, second: string | undefined, opts: ApiOptions, cmd: Command) => {
      const g = globalOptionsOf(cmd);
      const out = createOutput(ctx, g);
      // `api PATH` (GET), `api -X POST PATH`, or 0.1's `api METHOD PATH`.
      const rawPath = second ?? first;
      const positionalMethod = second === undefined ? undefined : first;
      if (positionalMethod && opts.method) throw new UserError("give the method once: -X METHOD or METHOD before the path, not both");
      const method = parseMethod(opts.method ?? positionalMethod ?? "GET");
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

      const select = opts.query === undefined ? undefined : await compileQuery(opts.query);
      const client = createClientFromOptions(g, ctx, { logger: out.logger });
      let answer: unknown;
      try {
        answer = opts.paginate
          ? await paginateAll(client, path, query, out.logger, ctx.signal)
          : await client.request({ method, path, query, body, signal: ctx.signal });
      } catch (err) {
        if (!(err instanceof SigmaApiError)) throw err;
        // As gh api: the error answer's body is the result too (stdout), and a 4xx that was not retried has its own exit code.
        const errorBody = err.body ?? null;
        if (g.json) out.partial({ status: err.status, body: errorBody });
        else if (errorBody !== null) out.print(formatJson(errorBody));
        if (err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 403 && err.status !== 429) throw new ApiClientError(err);
        throw err;
      }
      const selected = select && answer !== undefined ? select(answer) : answer;
      if (g.json) out.result({ status: 200, body: selected ?? null });
      // An empty answer (HEAD, 204) prints nothing rather than a made-up value.
      else if (selected !== undefined) out.print(formatJson(selected));
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

/** Compiles a JMESPath expression once, before any request: a typo fails at once (exit 3). */
async function compileQuery(expr: string): Promise<(value: unknown) => unknown> {
  const jmespath = await import("jmespath");
  const search = jmespath.search ?? (jmespath as unknown as { default: typeof jmespath }).default.search;
  try {
    search({}, expr);
  } catch (err) {
    throw new UserError(`--query ${JSON.stringify(expr)} is not a JMESPath expression: ${(err as Error).message}`, {
      suggestions: ["see https://jmespath.org/tutorial.html; e.g. --query 'entries[].name' or --query '[?isArchived==`false`].workbookId'"],
    });
  }
  return (value) => search(value as Parameters<typeof search>[0], expr) as unknown;
}
