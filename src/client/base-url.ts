/**
 * Base URL normalization. Accepts the host with or without `/v2` (recipes put `/v2` in the base,
 * sigma-api-facts §2), keeps any other path prefix (reverse proxies), and refuses credentials,
 * query strings and, at the configuration edge, plain http to a non-loopback host.
 */
import { cloudForHost, isKnownSigmaHost } from "./clouds.js";

/** Outcome of {@link normalizeBaseUrl}: a URL or a problem, plus warnings. */
export type BaseUrlResult = { ok: true; url: string; warnings: string[] } | { ok: false; problem: string };

/** True for 127.0.0.0/8, localhost (and *.localhost) and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Normalizes a base URL to `scheme://host[:port][/prefix]` without trailing slash or `/v2`.
 * `allowInsecure` accepts http:// to any host (the in-process emulator's `http://emulator.local`).
 */
export function normalizeBaseUrl(raw: string, options: { allowInsecure?: boolean } = {}): BaseUrlResult {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, problem: `not a URL: ${JSON.stringify(raw)}` };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    return { ok: false, problem: `unsupported scheme ${u.protocol} (use https://)` };
  }
  if (u.protocol === "http:" && !options.allowInsecure && !isLoopbackHost(u.hostname)) {
    return {
      ok: false,
      problem: `refusing plain http:// to ${u.host}: credentials would travel unencrypted (use https://; http is only allowed for loopback hosts)`,
    };
  }
  if (u.username || u.password) return { ok: false, problem: "must not contain credentials (user:password@)" };
  if (u.search || u.hash) return { ok: false, problem: "must not contain a query string or fragment" };
  const prefix = u.pathname.replace(/\/+$/, "").replace(/\/v2$/, "").replace(/\/+$/, "");
  const warnings: string[] = [];
  if (!isKnownSigmaHost(u.hostname) && !isLoopbackHost(u.hostname)) {
    warnings.push(
      u.hostname.toLowerCase() === "app.sigmacomputing.com"
        ? `${u.host} is Sigma's app host, not its API host: copy the API host from Administration → Developer Access`
        : `${u.host} is not a published Sigma API host (fine for a proxy or the emulator; check it if requests fail with 404)`,
    );
  }
  return { ok: true, url: `${u.protocol}//${u.host}${prefix}`, warnings };
}

/** The cloud name of a normalized base URL, when it is a published host. */
export function cloudOfBaseUrl(url: string): string | undefined {
  return cloudForHost(new URL(url).hostname);
}
