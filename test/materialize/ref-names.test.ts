/**
 * Jobs named only by a bare reference (no state-file entry) get their document's name, and the
 * element's when the document has a single schedule, from one look-up per document; a failed
 * look-up keeps the ids and is said once.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { materialize } from "../../src/materialize/materialize.js";
import { StateFile } from "../../src/materialize/state-file.js";
import type { MaterializeEvent, MaterializeResult } from "../../src/materialize/types.js";
import { checkJobs } from "../../src/materialize/wait.js";
import { loadWaitItems } from "../../src/materialize/wait-input.js";
import { FakeClock } from "./helpers/fake-clock.js";
import { errors, FakeSigma, schedule, workbook } from "./helpers/fake-client.js";
import { startE2E, workbooksWithSchedules, type E2E } from "./helpers/emulator.js";

const WB1 = "11111111-1111-4111-8111-111111111111";
const WB2 = "22222222-2222-4222-8222-222222222222";

let clock: FakeClock;
let sigma: FakeSigma;

beforeEach(() => {
  clock = new FakeClock();
  sigma = new FakeSigma(clock);
  sigma.workbookList = [workbook(WB1, "Sales Overview"), workbook(WB2, "Marketing Funnel")];
  sigma.schedules.set(WB1, [schedule("s1", "Revenue"), schedule("s2", "Orders")]);
  sigma.schedules.set(WB2, [schedule("m1", "Leads")]);
});

/** Job refs of a --no-wait run of both workbooks. */
async function refs(): Promise<string[]> {
  const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB1 }, { kind: "workbook", ref: WB2 }], clock, wait: false });
  return r.jobs.map((j) => j.jobRef as string);
}

describe("bare job references", () => {
  it("get the document's name from one look-up per document, and the element of a single-schedule document", async () => {
    const items = await loadWaitItems(await refs(), {}, "sigma");
    const calls = { ...sigma.calls };
    const events: MaterializeEvent[] = [];
    const r = await checkJobs({ client: sigma, items, clock, onEvent: (e) => events.push(e) });
    expect(r.jobs.map((j) => [j.documentName, j.elementName])).toEqual([
      ["Sales Overview", null],
      ["Sales Overview", null],
      ["Marketing Funnel", "Leads"],
    ]);
    expect(r.jobs[2]?.sheetId).toBe("m1");
    // One look-up per document, however many of its jobs are named.
    expect((sigma.calls["workbook.get"] ?? 0) - (calls["workbook.get"] ?? 0)).toBe(2);
    expect((sigma.calls["workbook.schedules"] ?? 0) - (calls["workbook.schedules"] ?? 0)).toBe(2);
    // The views see the names from the first event on.
    const planned = events.find((e) => e.type === "planned");
    expect(planned?.type === "planned" && planned.jobs.map((j) => j.documentName)).toEqual(["Sales Overview", "Sales Overview", "Marketing Funnel"]);
    expect(r.warnings).toEqual([]);
  });

  it("keep their ids when the look-up fails, said once, and are still followed", async () => {
    const items = await loadWaitItems(await refs(), {}, "sigma");
    sigma.faults.set("workbook.get", [errors.server("/v2/workbooks/1"), errors.server("/v2/workbooks/2")]);
    const events: MaterializeEvent[] = [];
    const r = await checkJobs({ client: sigma, items, clock, onEvent: (e) => events.push(e) });
    expect(r.jobs.map((j) => j.documentName)).toEqual([WB1, WB1, WB2]);
    const warnings = events.filter((e) => e.type === "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "names-unknown", message: expect.stringMatching(/could not look up 2 document\(s\).*showing ids/) });
    expect(r.jobs.map((j) => j.status)).not.toContain("error");
    expect(sigma.calls["workbook.getMaterialization"]).toBe(3);
  });

  it("of the state file are not looked up: the entry has the names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigmactl-refnames-"));
    try {
      const stateFile = join(dir, "state.json");
      const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], clock, wait: false, stateFile });
      const entries = await new StateFile(stateFile, clock).read();
      const items = await loadWaitItems([r.jobs[0]?.jobRef as string], entries, "sigma");
      const before = sigma.calls["workbook.get"] ?? 0;
      const checked = await checkJobs({ client: sigma, items, clock });
      expect(checked.jobs[0]?.documentName).toBe("Marketing Funnel");
      expect(sigma.calls["workbook.get"] ?? 0).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("sigmactl materialize status <bare ref>", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(async () => {
    await e.close();
  });

  it("shows the workbook's name, not its id", async () => {
    const wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.length === 1 && !w.schedules[0]?.paused);
    expect(wb).toBeDefined();
    // --state-file elsewhere: the status run finds no entry for the ref.
    const started = await e.cli(["materialize", "--workbook", wb!.id, "--no-wait", "--force", "--state-file", join(e.dir, "other.json")]);
    expect(started.code, started.stderr).toBe(0);
    const ref = started.stdout.trim();
    const status = await e.cli(["materialize", "status", ref, "--json"]);
    expect(status.code, status.stderr).toBe(0);
    const job = (JSON.parse(status.stdout) as MaterializeResult).jobs[0];
    expect(job).toMatchObject({ documentName: wb!.name, elementName: wb!.schedules[0]?.elementName });
  });
});
