/**
 * A dbt Cloud run's artifacts from the Administrative API
 * (`GET {apiBaseUrl}/api/v2/accounts/{accountId}/runs/{runId}/artifacts/{path}`,
 * `Authorization: Token <token>`), and the tables a run rebuilt, read from them.
 */
import { redact } from "../redact.js";

/** run_results.json and manifest.json of one run. */
export interface DbtArtifacts {
  runResults: unknown;
  manifest: unknown;
}

/** Fetches both artifacts; retries a 5xx or a network error twice. @throws Error with a redacted message */
export async function fetchDbtArtifacts(args: {
  apiBaseUrl: string;
  token: string;
  accountId: string;
  runId: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}): Promise<DbtArtifacts> {
  const f = args.fetch ?? fetch;
  const get = async (path: string): Promise<unknown> => {
    const url = `${args.apiBaseUrl}/api/v2/accounts/${encodeURIComponent(args.accountId)}/runs/${encodeURIComponent(args.runId)}/artifacts/${path}`;
    let last = "";
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await f(url, { headers: { authorization: `Token ${args.token}`, accept: "application/json" }, redirect: "error", ...(args.signal ? { signal: args.signal } : {}) });
        if (res.ok) return (await res.json()) as unknown;
        last = `HTTP ${res.status}`;
        if (res.status < 500) break;
      } catch (err) {
        if (args.signal?.aborted) throw err;
        last = (err as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
    }
    throw new Error(redact(`dbt Cloud artifact ${path} of run ${args.runId}: ${last}`));
  };
  const [runResults, manifest] = await Promise.all([get("run_results.json"), get("manifest.json")]);
  return { runResults, manifest };
}

const unquote = (s: string): string => s.replace(/["`[\]]/g, "");

/** `DB.SCHEMA.TABLE` of every model, seed or snapshot the run built successfully (sorted, unique). */
export function tablesFromArtifacts(a: DbtArtifacts): string[] {
  const results = ((a.runResults as { results?: unknown } | null)?.results ?? []) as Array<Record<string, unknown>>;
  const nodes = ((a.manifest as { nodes?: unknown } | null)?.nodes ?? {}) as Record<string, Record<string, unknown>>;
  const out = new Set<string>();
  for (const r of Array.isArray(results) ? results : []) {
    if (r.status !== "success") continue;
    const node = nodes[String(r.unique_id)];
    if (!node || !["model", "seed", "snapshot"].includes(String(node.resource_type))) continue;
    if (node.config && (node.config as { materialized?: unknown }).materialized === "ephemeral") continue;
    const rel = typeof node.relation_name === "string" ? unquote(node.relation_name) : [node.database, node.schema, node.alias ?? node.name].filter((x) => typeof x === "string" && x !== "").join(".");
    if (rel) out.add(rel);
  }
  return [...out].sort();
}
