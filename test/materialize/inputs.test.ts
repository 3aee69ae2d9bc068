import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/cli/exit-codes.js";
import { ConfigError, UserError } from "../../src/errors.js";
import { formatDuration, parseDuration, parsePollInterval } from "../../src/materialize/duration.js";
import { formatJobRef, parseJobRef } from "../../src/materialize/job-ref.js";
import { matchDocument, parseAppUrl } from "../../src/materialize/match-document.js";
import { decideOutcome, OUTCOME_EXIT } from "../../src/materialize/result.js";
import { defaultStatePath, StateFile, type StateEntry } from "../../src/materialize/state-file.js";
import { parseTargetsText, targetsFromFlags } from "../../src/materialize/targets.js";
import type { DocumentRef, JobRecord } from "../../src/materialize/types.js";
import { retryTargets } from "../../src/materialize/wait-input.js";
import { FakeClock } from "./helpers/fake-clock.js";

const docs: DocumentRef[] = [
  { kind: "workbook", id: "w1", name: "Sales Overview", urlId: "2opi6VLEne4BaPyj00US50", path: "Finance" },
  { kind: "workbook", id: "w2", name: "Sales Overview", urlId: "AAAAAAAAAAAAAAAAAAAAAA", path: "Marketing" },
  { kind: "workbook", id: "w3", name: "Pipeline Health", urlId: "BBBBBBBBBBBBBBBBBBBBBB", path: "Ops" },
];

describe("targets", () => {
  it("reads YAML and JSON lists with every kind spelling", () => {
    const yaml = `targets:\n  - workbook: Sales\n    elements: [Revenue, el-1]\n  - dataModel: dm-1\n    element: Customers\n  - data-model: dm-2\n  - dataset: ds-1\n`;
    expect(parseTargetsText(yaml, "t.yaml")).toEqual([
      { kind: "workbook", ref: "Sales", elements: ["Revenue", "el-1"], source: "t.yaml #1" },
      { kind: "data-model", ref: "dm-1", elements: ["Customers"], source: "t.yaml #2" },
      { kind: "data-model", ref: "dm-2", elements: [], source: "t.yaml #3" },
      { kind: "dataset", ref: "ds-1", elements: [], source: "t.yaml #4" },
    ]);
    expect(parseTargetsText(`[{"workbook": "w1"}]`, "t.json")).toEqual([{ kind: "workbook", ref: "w1", elements: [], source: "t.json #1" }]);
  });

  it("rejects entries naming zero or two documents, unknown keys and bad syntax", () => {
    expect(() => parseTargetsText(`- workbook: a\n  dataset: b\n`, "f")).toThrow(/f #1: name exactly one/);
    expect(() => parseTargetsText(`- elements: [a]\n`, "f")).toThrow(ConfigError);
    expect(() => parseTargetsText(`- workbok: a\n`, "f")).toThrow(/workbok/);
    expect(() => parseTargetsText(`- workbook: [\n`, "f")).toThrow(/not valid YAML or JSON/);
    expect(() => parseTargetsText(`[]`, "f")).toThrow(/lists no targets/);
    expect(() => parseTargetsText(`- dataset: x\n  element: y\n`, "f")).toThrow(/no elements/);
  });

  it("builds specs from flags; --element applies to workbooks and data models only", () => {
    expect(targetsFromFlags({ workbook: ["a"], dataset: ["d"], element: ["e"] })).toEqual([
      { kind: "workbook", ref: "a", elements: ["e"], source: "--workbook" },
      { kind: "dataset", ref: "d", elements: [], source: "--dataset" },
    ]);
    expect(() => targetsFromFlags({ dataset: ["d"], element: ["e"] })).toThrow(UserError);
  });
});

describe("matchDocument", () => {
  it("matches id, urlId, app URL (with a name slug) and unique name", () => {
    expect(matchDocument("workbook", "w3", docs).id).toBe("w3");
    expect(matchDocument("workbook", "BBBBBBBBBBBBBBBBBBBBBB", docs).id).toBe("w3");
    expect(matchDocument("workbook", "https://app.sigmacomputing.com/acme/workbook/Sales-Overview-2opi6VLEne4BaPyj00US50?:nodeId=x", docs).id).toBe("w1");
    expect(matchDocument("workbook", "pipeline health", docs).id).toBe("w3");
    expect(matchDocument("workbook", "Marketing/Sales Overview", docs).id).toBe("w2");
  });

  it("refuses ambiguous names and lists the candidates", () => {
    const err = (() => {
      try {
        matchDocument("workbook", "Sales Overview", docs);
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(err?.message).toMatch(/2 workbooks are named "Sales Overview"/);
    expect(err?.suggestions).toEqual(['"Sales Overview" (id w1, in Finance)', '"Sales Overview" (id w2, in Marketing)']);
  });

  it("suggests close names, and refuses a URL of another kind", () => {
    expect(() => matchDocument("workbook", "Pipline Helth", docs)).toThrow(/no workbook matches/);
    try {
      matchDocument("workbook", "Pipline Helth", docs);
    } catch (e) {
      expect((e as UserError).suggestions).toEqual(['did you mean "Pipeline Health" (id w3, in Ops)?']);
    }
    expect(() => matchDocument("workbook", "https://app.sigmacomputing.com/acme/data-model/x", docs)).toThrow(/data model URL/);
    expect(parseAppUrl("https://app.sigmacomputing.com/acme/b/Iq557kfHN8KRu76HdGSWi")).toEqual({ kind: "dataset", candidates: ["Iq557kfHN8KRu76HdGSWi"] });
  });
});

describe("names close to nothing", () => {
  const many: DocumentRef[] = [
    ...docs,
    { kind: "workbook", id: "w4", name: "Customer Churn", urlId: "CCCCCCCCCCCCCCCCCCCCCC" },
    { kind: "workbook", id: "w5", name: "Inventory Aging", urlId: "DDDDDDDDDDDDDDDDDDDDDD" },
    { kind: "workbook", id: "w6", name: "Things To Do", urlId: "EEEEEEEEEEEEEEEEEEEEEE" },
    { kind: "workbook", id: "w7", name: "Quarterly Plan", urlId: "FFFFFFFFFFFFFFFFFFFFFF" },
    { kind: "workbook", id: "w8", name: "Ops Review", urlId: "GGGGGGGGGGGGGGGGGGGGGG" },
  ];

  function suggestions(text: string, list: DocumentRef[]): string[] {
    try {
      matchDocument("workbook", text, list);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).suggestions;
    }
    throw new Error("did not throw");
  }

  it("still lists the nearest five names, shared words first", () => {
    const s = suggestions("nonexistent thing", many);
    expect(s[0]).toMatch(/^nothing is close; the nearest names: "Things To Do" \(id w6\)/);
    expect(s[0]?.match(/\(id w\d/g)).toHaveLength(5);
    expect(s.at(-1)).toMatch(/8 workbooks are visible/);
  });

  it("lists every name when there are fewer than five", () => {
    const s = suggestions("zzzzzzzzzzzzzzzzzz", docs);
    expect(s[0]?.match(/\(id w\d/g)?.sort()).toEqual(["(id w1", "(id w2", "(id w3"]);
  });
});

describe("durations and poll intervals", () => {
  it("parses and formats", () => {
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(() => parseDuration("soon", "--timeout")).toThrow(/--timeout: cannot read "soon"/);
    expect(parsePollInterval("2s")).toEqual({ minMs: 2000, maxMs: 15_000 });
    expect(parsePollInterval("30s")).toEqual({ minMs: 30_000, maxMs: 30_000 });
    expect(parsePollInterval("200ms:1s")).toEqual({ minMs: 200, maxMs: 1000 });
    expect(() => parsePollInterval("5s:1s")).toThrow(/smaller than MIN/);
    expect(formatDuration(185_000)).toBe("3m05s");
    expect(formatDuration(1999)).toBe("1.9s");
    expect(formatDuration(12_500)).toBe("12s");
  });
});

describe("job refs", () => {
  it("round-trips every kind", () => {
    for (const h of [
      { kind: "workbook" as const, documentId: "w", jobId: "m" },
      { kind: "data-model" as const, documentId: "d", jobId: "m2" },
      { kind: "dataset" as const, documentId: "s", jobId: "t", triggeredAtMs: 1700000000000 },
    ]) {
      expect(parseJobRef(formatJobRef(h))).toEqual(h);
    }
    expect(() => parseJobRef("dataset:s:t")).toThrow(/trigger time/);
    expect(() => parseJobRef("result.json")).toThrow(/not a job reference/);
  });
});

describe("outcome", () => {
  const job = (status: JobRecord["status"]) => ({ status }) as JobRecord;
  it("orders failed > timed-out > error > ready and uses the shared exit codes", () => {
    expect(decideOutcome([job("ready"), job("timed-out"), job("failed")], "wait")).toBe("failed");
    expect(decideOutcome([job("ready"), job("error"), job("timed-out")], "wait")).toBe("timed-out");
    expect(decideOutcome([job("ready"), job("error")], "wait")).toBe("error");
    expect(decideOutcome([job("triggered")], "no-wait")).toBe("triggered");
    expect(decideOutcome([job("building")], "status")).toBe("running");
    expect(OUTCOME_EXIT).toMatchObject({ ready: ExitCode.Success, failed: ExitCode.JobFailed, "timed-out": ExitCode.TimedOut, error: ExitCode.Api });
  });

  it("--retry-failed picks failed and lost jobs only", () => {
    const r = (status: JobRecord["status"], sheetId: string) => ({ status, sheetId, kind: "workbook", documentId: "w", documentName: "W" }) as JobRecord;
    expect(retryTargets([r("ready", "a"), r("failed", "b"), r("error", "c"), r("timed-out", "d")], "res.json").map((t) => t.elements)).toEqual([["b"], ["c"]]);
  });
});

describe("state file", () => {
  it("defaults under SIGMACTL_STATE_DIR, XDG_STATE_HOME or ~/.local/state", () => {
    expect(defaultStatePath({ SIGMACTL_STATE_DIR: "/s" })).toBe("/s/materialize-state.json");
    expect(defaultStatePath({ XDG_STATE_HOME: "/x" })).toBe("/x/sigmactl/materialize-state.json");
    expect(defaultStatePath({})).toMatch(/\.local\/state\/sigmactl\/materialize-state\.json$/);
  });

  it.skipIf(process.platform !== "linux")("a state file under /proc fails at once instead of hanging in mkdir", async () => {
    const state = new StateFile("/proc/sigmactl-nope/state.json", new FakeClock());
    await expect(state.update(() => undefined)).rejects.toThrow("state file /proc/sigmactl-nope/state.json: cannot create directory /proc/sigmactl-nope (ENOENT)");
  });

  it("writes atomically, drops expired entries and survives a corrupt file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigmactl-state-"));
    try {
      const clock = new FakeClock();
      const path = join(dir, "nested", "state.json");
      const warnings: string[] = [];
      const state = new StateFile(path, clock, (m) => warnings.push(m));
      const entry = (jobId: string, ttl: number): StateEntry => ({
        kind: "workbook", host: "h", organizationId: "o", documentId: "d", documentName: "D", sheetId: "s", elementId: null, elementName: null,
        jobId, triggeredAt: new Date(clock.now()).toISOString(), expiresAt: new Date(clock.now() + ttl).toISOString(), pid: 1,
      });
      await Promise.all([state.update((e) => void (e.a = entry("1", 1000))), state.update((e) => void (e.b = entry("2", 5000)))]);
      expect(Object.keys(await state.read())).toEqual(["a", "b"]);
      clock.advance(2000);
      expect(Object.keys(await state.read())).toEqual(["b"]);
      await writeFile(path, "{oops");
      expect(await state.read()).toEqual({});
      expect(warnings[0]).toMatch(/not valid JSON/);
      await state.update((e) => void (e.c = entry("3", 1000)));
      expect(JSON.parse(await readFile(path, "utf8")).entries.c.jobId).toBe("3");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
