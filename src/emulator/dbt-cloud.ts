/**
 * A fake of dbt Cloud's Administrative API artifacts endpoint, for `sigmactl serve`'s tests and
 * demos (like the fake catalog ingest): a test registers a run's artifacts with
 * `POST /__emulator/dbt-cloud/runs` `{accountId, runId, artifacts: {"run_results.json": …,
 * "manifest.json": …}}`; `GET /__emulator/dbt-cloud/api/v2/accounts/{accountId}/runs/{runId}/artifacts/{path}`
 * answers them as dbt Cloud does (the file's JSON), with `Authorization: Token <token>`
 * required (401 without; the token is not checked or kept, only that one was sent). Unknown
 * run or path: 404. Fetches are listed at `GET /__emulator/dbt-cloud/runs`.
 */

/** One registered run. */
interface DbtRun {
  accountId: string;
  runId: string;
  artifacts: Record<string, unknown>;
}

/** A fetch seen by the fake (never the token). */
export interface DbtArtifactFetch {
  accountId: string;
  runId: string;
  path: string;
  status: number;
}

/** The fake's state (cleared by reset). */
export class DbtCloudFake {
  private runs = new Map<string, DbtRun>();
  fetches: DbtArtifactFetch[] = [];

  /** Registers (or replaces) a run's artifacts. */
  register(run: DbtRun): void {
    this.runs.set(`${run.accountId}/${run.runId}`, run);
  }

  /** The artifact, or undefined; the fetch is recorded. */
  artifact(accountId: string, runId: string, path: string): unknown {
    const a = this.runs.get(`${accountId}/${runId}`)?.artifacts[path];
    this.fetches.push({ accountId, runId, path, status: a === undefined ? 404 : 200 });
    return a;
  }

  /** What the control route lists. */
  list(): { runs: Array<{ accountId: string; runId: string; artifacts: string[] }>; fetches: DbtArtifactFetch[] } {
    return { runs: [...this.runs.values()].map((r) => ({ accountId: r.accountId, runId: r.runId, artifacts: Object.keys(r.artifacts) })), fetches: this.fetches };
  }

  reset(): void {
    this.runs.clear();
    this.fetches = [];
  }
}
