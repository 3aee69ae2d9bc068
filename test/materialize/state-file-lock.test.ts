/** The state file under concurrent writers: parallel pipelines must not lose each other's entries. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StateFile, type StateEntry } from "../../src/materialize/state-file.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-state-lock-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clock = { now: () => Date.parse("2026-11-22T12:00:00.000Z"), sleep: async () => undefined };

function entry(writer: string, i: number): StateEntry {
  return {
    kind: "workbook",
    host: "http://127.0.0.1:1",
    organizationId: "org",
    documentId: `${writer}-doc`,
    documentName: writer,
    sheetId: `sheet-${i}`,
    elementId: null,
    elementName: null,
    jobId: `${writer}-${i}`,
    triggeredAt: "2026-11-22T12:00:00.000Z",
    expiresAt: "2026-11-23T12:00:00.000Z",
    pid: 1,
  };
}

describe("StateFile", () => {
  it("keeps every entry when two writers (two processes' instances) update the same file at once", async () => {
    const path = join(dir, "nested", "materialize-state.json");
    // Separate instances have separate in-process queues, as two sigmactl processes would.
    const writers = ["a", "b", "c"].map((w) => ({ w, file: new StateFile(path, clock as never) }));
    await Promise.all(
      writers.flatMap(({ w, file }) =>
        Array.from({ length: 25 }, (_, i) =>
          file.update((entries) => {
            entries[`${w}/${i}`] = entry(w, i);
          }),
        ),
      ),
    );
    const all = await new StateFile(path, clock as never).read();
    expect(Object.keys(all)).toHaveLength(75);
    // No lock or temp file is left behind.
    expect(await readdir(join(dir, "nested"))).toEqual(["materialize-state.json"]);
  });
});
