/**
 * Where Sigma's OpenAPI document is looked for, and whether it is there. Kept apart from
 * openapi.ts (Ajv, vitest) so the global setup can use it without loading either.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the OpenAPI document is read from: `$SIGMA_OPENAPI`, else next to the repo in ../shared. */
export function openApiLocation(): string {
  const fromEnv = process.env.SIGMA_OPENAPI;
  if (fromEnv) return path.resolve(fromEnv);
  return path.resolve(REPO_ROOT, "..", "shared", "sigma-api", "openapi.json");
}

/**
 * Whether the tests that need the document can run. The document counts as present when it is
 * at {@link openApiLocation}, or when `SIGMA_OPENAPI` is set at all: an explicit path that is
 * wrong must fail loudly (loadOpenApi's clear error), never turn into a quiet skip.
 */
export function openApiPresent(): boolean {
  return Boolean(process.env.SIGMA_OPENAPI) || existsSync(openApiLocation());
}

/** The one line said when the document is absent (and the document-bound tests skip). */
export function openApiSkipReason(): string {
  return (
    `skipped: Sigma's OpenAPI document not found at ${openApiLocation()}; the conformance tests that need it are skipped. ` +
    `Set SIGMA_OPENAPI=<file> or place it at ../shared/sigma-api/openapi.json next to the repo to run them.`
  );
}
