/**
 * A small in-memory Sigma for unit tests of the materialize job: documents, schedules and jobs
 * whose status follows a FakeClock. Faults are scripted per call.
 */
import { AuthenticationError, NotFoundError, ServerError, type SigmaError } from "../../../src/errors.js";
import type { CallOptions, MaterializeClient } from "../../../src/materialize/client-port.js";
import type {
  DataModel,
  Dataset,
  DatasetMaterializationRun,
  MaterializationJob,
  MaterializationSchedule,
  Workbook,
} from "../../../src/schemas/index.js";
import type { FakeClock } from "./fake-clock.js";

/** How one triggered job behaves. */
export interface JobScript {
  durationMs: number;
  fail?: string;
  /** Status words to answer instead of the derived ones (one per poll, last one repeats). */
  words?: string[];
}

interface Job {
  id: string;
  owner: string;
  sheetId: string | null;
  createdAt: number;
  script: JobScript;
  polls: number;
}

const req = (path: string) => ({ method: "GET", path });

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

/** Builds a workbook payload with only the fields the job reads filled meaningfully. */
export function workbook(id: string, name: string, urlId = `url${id}`, path = "Workspace/Team"): Workbook {
  return {
    workbookId: id, workbookUrlId: urlId, name, url: `https://app.sigmacomputing.com/acme/workbook/${urlId}`, path,
    latestVersion: 1, ownerId: "o", createdBy: "o", updatedBy: "o", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z",
  };
}

/** Builds a schedule payload. */
export function schedule(sheetId: string, elementName: string, paused = false): MaterializationSchedule {
  return { sheetId, elementId: `el-${sheetId}`, elementName, schedule: { cronSpec: "0 * * * *", timezone: "UTC" }, configuredAt: "2026-01-01T00:00:00.000Z", paused };
}

/** The fake itself; `calls` counts requests by name. */
export class FakeSigma implements MaterializeClient {
  workbookList: Workbook[] = [];
  dataModelList: DataModel[] = [];
  datasetList: Dataset[] = [];
  schedules = new Map<string, MaterializationSchedule[]>();
  datasetHistory = new Map<string, DatasetMaterializationRun[]>();
  jobs = new Map<string, Job>();
  calls: Record<string, number> = {};
  /** Script for the next triggers by sheetId (or dataset id); default 3 s success. */
  scripts = new Map<string, JobScript>();
  /** Errors to throw, by call name, consumed one per call. */
  faults = new Map<string, SigmaError[]>();
  private seq = 0;

  constructor(private readonly clock: FakeClock) {}

  private count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
    const f = this.faults.get(name)?.shift();
    if (f) throw f;
  }

  async whoami() {
    this.count("whoami");
    return { userId: "u1", organizationId: "org-1" };
  }

  private resource(kind: "workbook" | "dataModel") {
    const list = () => (kind === "workbook" ? this.workbookList : this.dataModelList) as Array<Workbook | DataModel>;
    const idOf = (d: Workbook | DataModel) => ("workbookId" in d ? d.workbookId : (d as DataModel).dataModelId);
    return {
      list: (_o?: CallOptions) => {
        this.count(`${kind}.list`);
        return iterate(list()) as AsyncIterable<never>;
      },
      get: async (id: string) => {
        this.count(`${kind}.get`);
        const d = list().find((x) => idOf(x) === id);
        if (!d) throw new NotFoundError({ status: 404, request: req(`/v2/${kind}/${id}`) });
        return d as never;
      },
      materializationSchedules: (id: string) => {
        this.count(`${kind}.schedules`);
        return iterate(this.schedules.get(id) ?? []);
      },
      materialize: async (id: string, sheetId: string) => {
        this.count(`${kind}.materialize`);
        return { materializationId: this.start(`${kind}:${id}`, sheetId) };
      },
      getMaterialization: async (id: string, mid: string): Promise<MaterializationJob> => {
        this.count(`${kind}.getMaterialization`);
        const job = this.jobs.get(mid);
        if (!job || job.owner !== `${kind}:${id}`) throw new NotFoundError({ status: 404, request: req(`/m/${mid}`) });
        return this.status(job);
      },
    };
  }

  workbooks = this.resource("workbook");
  dataModels = this.resource("dataModel");
  datasets = {
    list: () => {
      this.count("dataset.list");
      return iterate(this.datasetList);
    },
    get: async (id: string) => {
      this.count("dataset.get");
      const d = this.datasetList.find((x) => x.datasetId === id);
      if (!d) throw new NotFoundError({ status: 404, request: req(`/v2/datasets/${id}`) });
      return d;
    },
    materialize: async (id: string) => {
      this.count("dataset.materialize");
      return { taskId: this.start(`dataset:${id}`, null, id) };
    },
    materializationHistory: (id: string) => {
      this.count("dataset.history");
      const now = this.clock.now();
      const finished = [...this.jobs.values()]
        .filter((j) => j.owner === `dataset:${id}` && now >= j.createdAt + j.script.durationMs)
        .map((j): DatasetMaterializationRun => ({
          status: j.script.fail ? "failed" : "success",
          finishedAt: new Date(j.createdAt + j.script.durationMs).toISOString(),
          error: j.script.fail ? { code: "failed", message: j.script.fail } : null,
          runtimeSecs: j.script.durationMs / 1000,
          numRows: 1,
          numBytes: 1,
        }));
      const all = [...finished, ...(this.datasetHistory.get(id) ?? [])].sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""));
      return iterate(all);
    },
  };

  private start(owner: string, sheetId: string | null, key?: string): string {
    const id = `job-${++this.seq}`;
    const script = this.scripts.get(key ?? sheetId ?? "") ?? { durationMs: 3000 };
    this.jobs.set(id, { id, owner, sheetId, createdAt: this.clock.now(), script, polls: 0 });
    return id;
  }

  private status(job: Job): MaterializationJob {
    job.polls += 1;
    const { words } = job.script;
    if (words && words.length > 0) {
      return { materializationId: job.id, status: words[Math.min(job.polls - 1, words.length - 1)] as string };
    }
    const elapsed = this.clock.now() - job.createdAt;
    const startedAt = new Date(job.createdAt + job.script.durationMs * 0.2).toISOString();
    if (elapsed < job.script.durationMs * 0.2) return { materializationId: job.id, status: "pending" };
    if (elapsed < job.script.durationMs) return { materializationId: job.id, status: "building", startedAt };
    if (job.script.fail) return { materializationId: job.id, status: "failed", startedAt, error: job.script.fail };
    return { materializationId: job.id, status: "ready", startedAt, readyAt: new Date(job.createdAt + job.script.durationMs).toISOString() };
  }
}

/** Convenience errors for fault scripts. */
export const errors = {
  server: (path = "/x") => new ServerError({ status: 503, request: req(path) }),
  auth: () => new AuthenticationError({ status: 401, code: "unauthorized", request: req("/x") }),
};
