/**
 * What a table feeds, for the page's impact view (`/api/impact?table=`): the lineage planner's
 * reached subgraph (`impactGraph`, src/lineage/plan-refresh.ts), read live from Sigma with the
 * planner's on-disk cache next to the database. The loaded lineage is kept in memory for a short
 * while and shared by concurrent requests, so typing tables one after another costs one read.
 */
import type { SigmaClient } from "../client/client.js";
import { impactGraph, loadLineage, type LoadedLineage } from "../lineage/plan-refresh.js";
import type { ImpactGraph, RefreshPlan } from "../shared/refresh-plan.js";

/** What {@link ImpactSource.impact} answers. */
export interface TableImpact {
  plan: RefreshPlan;
  graph: ImpactGraph;
}

/** Options of {@link ImpactSource}. */
export interface ImpactSourceOptions {
  /** The planner's document cache (by updatedAt). */
  cacheDir?: string | undefined;
  /** How long loaded lineage is reused (default 30 s): a view, not a plan, so a little staleness is fine. */
  ttlMs?: number;
  now?: () => number;
  /** Tests replace how lineage is read. */
  load?: () => Promise<LoadedLineage>;
}

/** Lineage for the impact view, loaded once per TTL. */
export class ImpactSource {
  #loaded: { at: number; lineage: Promise<LoadedLineage> } | undefined;
  readonly #load: () => Promise<LoadedLineage>;
  readonly #ttl: number;
  readonly #now: () => number;

  constructor(client: SigmaClient, options: ImpactSourceOptions = {}) {
    this.#load = options.load ?? (() => loadLineage(client, { cacheDir: options.cacheDir, signal: AbortSignal.timeout(120_000) }));
    this.#ttl = options.ttlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The lineage, read again when older than the TTL; a failed read is not kept. */
  lineage(): Promise<LoadedLineage> {
    const now = this.#now();
    if (this.#loaded === undefined || now - this.#loaded.at > this.#ttl) {
      const lineage = this.#load();
      const entry = { at: now, lineage };
      this.#loaded = entry;
      lineage.catch(() => {
        if (this.#loaded === entry) this.#loaded = undefined;
      });
    }
    return this.#loaded.lineage;
  }

  /** What `table` (a `[CONNECTION/]DB.SCHEMA.TABLE` spec, globs allowed) feeds. @throws UserError on a bad spec */
  async impact(table: string): Promise<TableImpact> {
    return impactGraph(await this.lineage(), { tables: [table] });
  }

  /** Table names the lineage knows that contain `q` (the page's suggestions), at most `limit`. */
  async tables(q: string, limit = 20): Promise<string[]> {
    const { graph } = await this.lineage();
    const needle = q.trim().toLowerCase();
    const out: string[] = [];
    for (const n of graph.nodes) {
      if (n.kind !== "table" || n.path === undefined) continue;
      const name = n.path.join(".");
      if (needle === "" || name.toLowerCase().includes(needle) || n.label.toLowerCase().includes(needle)) out.push(name);
      if (out.length >= limit) break;
    }
    return [...new Set(out)];
  }
}
