/**
 * Vitest global setup: says once per run, on one line, when Sigma's OpenAPI document is absent
 * and the tests that need it skip. With SIGMA_OPENAPI_REQUIRED=1 (CI, see .ci/run) an absent
 * document fails the run instead, so CI can never pass without the conformance tests.
 */
import { openApiLocation, openApiPresent, openApiSkipReason } from "./openapi-location.js";

/** Runs before any test file. */
export default function setup(): void {
  if (openApiPresent()) return;
  if (process.env.SIGMA_OPENAPI_REQUIRED === "1") {
    throw new Error(
      `SIGMA_OPENAPI_REQUIRED=1 but Sigma's OpenAPI document was not found at ${openApiLocation()}: ` +
        "set SIGMA_OPENAPI=<file> or place it at ../shared/sigma-api/openapi.json next to the repo.",
    );
  }
  process.stderr.write(`\n${openApiSkipReason()}\n\n`);
}
