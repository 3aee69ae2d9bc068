/**
 * Turns anything a command threw into the text for stderr and the process exit code.
 * Expected failures (user mistakes, API and network errors, job outcomes) get one short line
 * plus hints and no stack; anything else is a bug in sigmactl and gets the stack and a request
 * to report it. The exit code always comes from exit-codes.ts.
 */
import {
  AuthenticationError,
  LocalIoError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  SigmaApiError,
  SigmaConnectionError,
  SigmaError,
  SigmaTimeoutError,
  UserError,
} from "../errors.js";
import { redact } from "../redact.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import { cliWording } from "./flag-names.js";
import type { Colors } from "./output.js";

/** What to print on stderr and which code to exit with. */
export interface RenderedError {
  code: ExitCode;
  text: string;
}

const TOKEN_PATH = "/v2/auth/token";

const REPORT_LINE =
  "please report it to the sigmactl maintainers with the command you ran and this output (secrets are redacted).";

/** Only Sigma's API paths are versioned; anything else is the Catalog ingest of `upload`. */
function isCatalogRequest(err: SigmaError): boolean {
  return (err instanceof SigmaApiError || err instanceof SigmaConnectionError) && !err.path.startsWith("/v2");
}

/** Hints for `upload`'s failures: its token is a Catalog token, its host the zone's ingest. */
function catalogHints(err: SigmaError): string[] | undefined {
  if (!isCatalogRequest(err)) return undefined;
  if (err instanceof AuthenticationError)
    return [
      "the Catalog token was refused: check -k/--token or CASTOR_UPLOADER_TOKEN (a Coalesce Catalog API token, not Sigma credentials)",
      "a token works in its own zone only: check -z/--zone (EU or US) or --ingest-url",
    ];
  if (err instanceof PermissionDeniedError)
    return ["the Catalog token may not write to this source: check -s/--source_id (or CASTOR_UPLOADER_SOURCE_ID) and the token's rights"];
  if (err instanceof SigmaApiError && err.status >= 300 && err.status < 400)
    return ["point -z/--zone or --ingest-url at the final address: redirects are never followed with the token"];
  return undefined;
}

/** Hints for the expected failures whose fix is usually the same. */
function hintsFor(err: SigmaError): string[] {
  if (err instanceof UserError || err instanceof LocalIoError) return err.suggestions;
  const catalog = catalogHints(err);
  if (catalog) return catalog;
  // A refused token exchange already explains itself (client/auth.ts); a later 401 does not.
  if (err instanceof AuthenticationError && err.path !== TOKEN_PATH)
    return [
      "check the client id and secret (--client-id, --client-secret-file or SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET)",
      "credentials only work on their own org's API host: check --cloud or --base-url",
    ];
  const notSigma = err instanceof ResponseValidationError || (err instanceof SigmaApiError && [404, 405, 501].includes(err.status));
  if (notSigma && (err as SigmaApiError | ResponseValidationError).path === TOKEN_PATH) {
    // Sigma always has this route: whatever answered is probably not a Sigma API host.
    return ["the host did not answer like Sigma's API: check --base-url/--cloud (the API host from Administration → Developer Access, not the app host)"];
  }
  if (err instanceof PermissionDeniedError)
    return ["the credentials' owner may not see or do this; ask a Sigma admin for access"];
  if (err instanceof NotFoundError)
    return ["check the id, and that --cloud/--base-url is your org's API host (a wrong regional host answers 404)"];
  if (err instanceof RateLimitError) return ["Sigma is rate limiting: lower --concurrency and try again later"];
  if (err instanceof SigmaTimeoutError) return ["the request timed out: raise --timeout-ms or try again"];
  if (err instanceof SigmaConnectionError) {
    return [isCatalogRequest(err) ? "check -z/--zone or --ingest-url and your network connection" : "check --base-url/--cloud and your network connection"];
  }
  return [];
}

function headline(err: SigmaError): string {
  if (err instanceof AuthenticationError) return `authentication failed: ${err.message}`;
  if (err instanceof PermissionDeniedError) return `permission denied: ${err.message}`;
  // undici's "fetch failed" hides the reason (e.g. "bad port": fetch refuses some ports) in its cause.
  if (err instanceof SigmaConnectionError && err.message.endsWith("fetch failed")) {
    const reason = causes(err).at(-1)?.replace(/^\w*Error: /, "");
    if (reason && reason !== "fetch failed") return `${err.message} (${reason})`;
  }
  return err.message;
}

/** The `cause` chain, one line each, for --verbose. */
function causes(err: unknown): string[] {
  const out: string[] = [];
  let c = err instanceof Error ? err.cause : undefined;
  for (let depth = 0; c !== undefined && depth < 5; depth++) {
    out.push(c instanceof Error ? `${c.name}: ${c.message}` : String(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  return out;
}

/** The `error` part of a failed run's --json document: class, message and hints (redacted). */
export function errorInfo(err: unknown): { type: string; message: string; hints: string[] } {
  if (!(err instanceof SigmaError)) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { type: "InternalError", message: redact(e.message), hints: [REPORT_LINE] };
  }
  return { type: err.constructor.name, message: redact(headline(err)), hints: hintsFor(err).map(redact) };
}

/** Renders a thrown value for a human on stderr (text is already redacted). */
export function renderError(err: unknown, opts: { verbose?: boolean; colors: Colors }): RenderedError {
  const code = exitCodeFor(err);
  const { colors } = opts;
  const lines: string[] = [];
  if (!(err instanceof SigmaError)) {
    const e = err instanceof Error ? err : new Error(String(err));
    lines.push(`${colors.red("internal error (a bug in sigmactl):")} ${e.message}`);
    lines.push(colors.dim(e.stack ?? `${e.name}: ${e.message}`));
    for (const c of causes(e)) lines.push(colors.dim(`caused by: ${c}`));
    lines.push(REPORT_LINE);
    return { code: ExitCode.Internal, text: redact(lines.join("\n") + "\n") };
  }
  // Library messages name options (`timeoutMs`); a CLI user reads flags (--timeout).
  lines.push(`${colors.red("error:")} ${cliWording(headline(err))}`);
  for (const hint of hintsFor(err)) lines.push(`${colors.yellow("hint:")} ${cliWording(hint)}`);
  if (opts.verbose) {
    for (const c of causes(err)) lines.push(colors.dim(`caused by: ${c}`));
    if (err.stack) lines.push(colors.dim(err.stack));
  }
  return { code, text: redact(lines.join("\n") + "\n") };
}
