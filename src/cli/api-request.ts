/**
 * The pure parts of `sigmactl api`: method and path checks, `-f`/`-F` fields, and where the
 * fields go (query string for GET/HEAD or when --input supplies the body, JSON body otherwise).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../errors.js";
import type { HttpMethod } from "../client/client.js";
import type { Query } from "../client/url.js";

const METHODS: readonly HttpMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** A field as given on the command line, before it is placed. */
export interface Field {
  key: string;
  value: unknown;
}

/** Where to read `@file` values and `--input -` from. */
export interface FieldSources {
  cwd: string;
  readStdin(): Promise<string>;
}

/** Validates the METHOD argument (any case). @throws UserError */
export function parseMethod(raw: string): HttpMethod {
  const m = raw.toUpperCase();
  if (!(METHODS as readonly string[]).includes(m)) {
    throw new UserError(`unknown HTTP method ${JSON.stringify(raw)}`, { suggestions: [`use one of ${METHODS.join(", ")}`] });
  }
  return m as HttpMethod;
}

/** Splits `/v2/x?a=1` into a path (leading slash added) and its query parameters. @throws UserError on a full URL */
export function parsePath(raw: string): { path: string; query: Record<string, string[]> } {
  if (/^[a-z]+:\/\//i.test(raw)) {
    throw new UserError(`give a path, not a URL: ${raw}`, {
      suggestions: ["the host comes from --base-url/--cloud; e.g. sigmactl api GET /v2/workbooks"],
    });
  }
  const [p = "", qs] = raw.split(/\?(.*)/s, 2);
  const path = p.startsWith("/") ? p : `/${p}`;
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(qs ?? "")) (query[k] ??= []).push(v);
  return { path, query };
}

function splitField(raw: string, flag: string): [string, string] {
  const eq = raw.indexOf("=");
  if (eq <= 0) throw new UserError(`${flag} expects key=value, got ${JSON.stringify(raw)}`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

/** `-f key=value`: the value is always a string. @throws UserError */
export function rawField(raw: string): Field {
  const [key, value] = splitField(raw, "-f/--raw-field");
  return { key, value };
}

/**
 * `-F key=value`: true/false/null and numbers become JSON literals, `@file` reads a file
 * (`@-` standard input), anything else stays a string (as in `gh api`). @throws UserError
 */
export async function typedField(raw: string, src: FieldSources): Promise<Field> {
  const [key, value] = splitField(raw, "-F/--field");
  if (value === "true" || value === "false") return { key, value: value === "true" };
  if (value === "null") return { key, value: null };
  if (/^-?\d+(\.\d+)?$/.test(value)) return { key, value: Number(value) };
  if (value.startsWith("@")) return { key, value: await readInput(value.slice(1), src) };
  return { key, value };
}

/** Reads `--input FILE` or `@FILE` (`-` = standard input). @throws UserError when unreadable */
export async function readInput(file: string, src: FieldSources): Promise<string> {
  if (file === "-") return src.readStdin();
  const p = resolve(src.cwd, file);
  try {
    return await readFile(p, "utf8");
  } catch (cause) {
    throw new UserError(`cannot read ${p}: ${(cause as { code?: string }).code ?? String(cause)}`, { cause });
  }
}

/** Parses an --input body as JSON. @throws UserError on invalid JSON */
export function parseJsonBody(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UserError(`${origin} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Fields as query parameters (repeated keys repeat the parameter; null drops it). */
export function fieldsToQuery(base: Record<string, string[]>, fields: Field[]): Query {
  const q: Record<string, string[]> = structuredClone(base);
  for (const f of fields) if (f.value !== null) (q[f.key] ??= []).push(String(f.value));
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]));
}

/** Fields as a JSON object body (a repeated key becomes an array). */
export function fieldsToBody(fields: Field[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.key in body)) body[f.key] = f.value;
    else body[f.key] = Array.isArray(body[f.key]) ? [...(body[f.key] as unknown[]), f.value] : [body[f.key], f.value];
  }
  return body;
}

/** True when fields travel in the query string: GET/HEAD, or when --input supplies the body (as `gh api`). */
export function fieldsGoToQuery(method: HttpMethod, hasInput: boolean): boolean {
  return hasInput || method === "GET" || method === "HEAD";
}
