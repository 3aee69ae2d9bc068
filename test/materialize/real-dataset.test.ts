/**
 * `sigmactl materialize --dataset` on a dataset body as real Sigma sends it (issue #8): without
 * `owner`, `referenceCount`, `path`, `migrationToDataModel`, `migrationStatus`. It used to exit
 * 5 (the whole body rejected); now the run completes and the --json document reports the drift.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { routes, startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";

const ID = "9b2f7c1e-3d4a-4f6b-8e2d-1a5c7e9f0b3d";
const AT = "2026-03-02T10:15:00.000Z";
const DATASET = {
  datasetId: ID,
  createdBy: "u1",
  updatedBy: "u1",
  createdAt: AT,
  updatedAt: AT,
  name: "Orders (legacy)",
  description: "",
  url: "https://app.sigmacomputing.com/acme/dataset/5nHq3Yc7fXvKp2LmWt9Rb",
  workspaceId: "7e1d5b3c-9a2f-4c6e-8b1d-3f5a7c9e1b2d",
};

let server: ScriptedServer;
let root: string;
let triggeredAt: number | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-mat-real-"));
  server = await startScriptedServer(
    routes({
      "POST /v2/auth/token": { json: { access_token: "tok-real-dataset-0001", token_type: "bearer", expires_in: 3600 } },
      "GET /v2/whoami": { json: { userId: "u1", organizationId: "o1" } },
      [`GET /v2/datasets/${ID}`]: { json: DATASET },
      "GET /v2/datasets": { json: { entries: [DATASET], nextPage: null, total: 1 } },
      [`POST /v2/datasets/${ID}/materialization`]: () => {
        triggeredAt = Date.now();
        return { json: { taskId: "task-1" } };
      },
      // History: empty before the trigger, then one successful run (finished after the trigger).
      [`GET /v2/datasets/${ID}/materialization`]: () => {
        const entries =
          triggeredAt === undefined
            ? []
            : [{ status: "success", finishedAt: new Date(triggeredAt + 5).toISOString(), error: null, runtimeSecs: 0.5, numRows: 10, numBytes: 100 }];
        return { json: { entries, nextPage: null, total: entries.length } };
      },
    }),
  );
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe("materialize --dataset on a real dataset body", () => {
  it("completes, and --json carries the drift of the dataset body", async () => {
    const env = { SIGMA_BASE_URL: server.url, SIGMA_CLIENT_ID: "real-client", SIGMA_CLIENT_SECRET: "real-secret-value-123", NO_COLOR: "1" };
    const r = await runCli(
      ["materialize", "--dataset", ID, "--json", "--poll-interval", "100ms:200ms", "--timeout", "20s", "--state-file", join(root, "state.json")],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      jobs: Array<{ status: string; documentId: string; documentName: string }>;
      drift: Array<{ endpoint: string; field: string; seen: string; skipped: number }>;
    };
    expect(out.jobs).toHaveLength(1);
    expect(out.jobs[0]).toMatchObject({ kind: "dataset", status: "ready", sigmaStatus: "success", documentId: ID, documentName: "Orders (legacy)" });
    const fields = out.drift.filter((l) => l.endpoint === "GET /v2/datasets/{datasetId}").map((l) => `${l.field}:${l.seen}`);
    expect(fields).toEqual([
      "migrationStatus:missing",
      "migrationToDataModel:missing",
      "owner:missing",
      "path:missing",
      "referenceCount:missing",
      "workspaceId:undocumented field",
    ]);
    expect(out.drift.every((l) => l.skipped === 0)).toBe(true);
  });
});
