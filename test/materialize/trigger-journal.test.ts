/** The trigger journal's file format and fold, and the trigger-phase owner's liveness rule. */
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endedKey, type StateDocument } from "../../src/materialize/state-file.js";
import { foldJournal, readJournal, TriggerJournal, type JournalLine, type TriggerIdentity } from "../../src/materialize/trigger-journal.js";
import { ownerAlive } from "../../src/materialize/trigger-phase.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigmactl-journal-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sheet = (s: string): TriggerIdentity => ({
  kind: "workbook",
  host: "h",
  organizationId: "org",
  documentId: "doc",
  documentName: "Doc",
  sheetId: s,
  elementId: null,
  elementName: null,
  pid: 1,
});
const T = "2026-11-22T12:00:00.000Z";
const empty = (): StateDocument => ({ version: 1, entries: {}, ended: {}, unconfirmed: {}, recent: {}, triggerOwner: null });

describe("trigger journal", () => {
  it("appends durably, reads back, and skips a line torn by a crash", async () => {
    const path = join(dir, "a.journal");
    const j = await TriggerJournal.open(path);
    await Promise.all([j.append({ op: "intent", key: "k1", run: "r", at: T, sheet: sheet("s1") }), j.append({ op: "intent", key: "k2", run: "r", at: T, sheet: sheet("s2") })]);
    await j.close();
    await appendFile(path, '{"op":"accepted","key":"k1","ru');
    const lines = await readJournal(path);
    expect(lines.map((l) => `${l.op} ${l.key}`)).toEqual(["intent k1", "intent k2"]);
  });

  it("folds: accepted → running entry and recent; no answer or an ambiguous one → unconfirmed; refused → nothing", () => {
    const lines: JournalLine[] = [
      { op: "intent", key: "a", run: "r", at: T, sheet: sheet("a") },
      { op: "accepted", key: "a", run: "r", at: T, jobId: "job-a", baselineFinishedAt: null },
      { op: "intent", key: "b", run: "r", at: T, sheet: sheet("b") },
      { op: "intent", key: "c", run: "r", at: T, sheet: sheet("c") },
      { op: "unknown", key: "c", run: "r", at: T, reason: "503" },
      { op: "intent", key: "d", run: "r", at: T, sheet: sheet("d") },
      { op: "refused", key: "d", run: "r", at: T, reason: "429" },
    ];
    const doc = empty();
    foldJournal(doc, lines, 3_600_000);
    expect(doc.entries.a).toMatchObject({ jobId: "job-a", triggeredAt: T, sheetId: "a" });
    expect(doc.recent.a?.jobId).toBe("job-a");
    expect(Object.keys(doc.unconfirmed).sort()).toEqual(["b", "c"]);
    expect(doc.unconfirmed.b).toMatchObject({ sentAt: T, runId: "r", sheetId: "b" });
    expect(doc.unconfirmed.c?.reason).toBe("503");
    const again = structuredClone(doc);
    foldJournal(again, lines, 3_600_000);
    expect(again).toEqual(doc);
  });

  it("a job already seen ending does not come back as running; a later answer clears an unconfirmed trigger", () => {
    const doc = empty();
    doc.ended[endedKey("h", "workbook", "doc", "job-a")] = { endObservedAt: T, durationMs: 1, expiresAt: "2099-01-01T00:00:00.000Z" };
    doc.unconfirmed.b = { ...sheet("b"), sentAt: T, runId: "old", reason: "x", expiresAt: "2099-01-01T00:00:00.000Z" };
    foldJournal(
      doc,
      [
        { op: "intent", key: "a", run: "r", at: T, sheet: sheet("a") },
        { op: "accepted", key: "a", run: "r", at: T, jobId: "job-a", baselineFinishedAt: null },
        { op: "intent", key: "b", run: "r", at: T, sheet: sheet("b") },
        { op: "accepted", key: "b", run: "r", at: T, jobId: "job-b", baselineFinishedAt: null },
        // An answer without its run's intent (another run's line) is ignored.
        { op: "accepted", key: "e", run: "other", at: T, jobId: "job-e", baselineFinishedAt: null },
      ],
      3_600_000,
    );
    expect(doc.entries.a).toBeUndefined();
    expect(doc.entries.b?.jobId).toBe("job-b");
    expect(doc.unconfirmed).toEqual({});
    expect(doc.entries.e).toBeUndefined();
  });
});

describe("trigger-phase owner liveness", () => {
  const now = Date.parse(T);
  const owner = (pid: number, host: string, heartbeatAt = T) => ({ runId: "r", pid, host, acquiredAt: T, heartbeatAt });
  it("an owner on this host whose process is gone is dead at once; a live one until its heartbeat is stale", () => {
    const here = hostname();
    expect(ownerAlive(null, now, here, 30_000)).toBe(false);
    expect(ownerAlive(owner(process.pid, here), now + 1_000, here, 30_000)).toBe(true);
    expect(ownerAlive(owner(process.pid, here), now + 31_000, here, 30_000)).toBe(false);
    // pid 2^22 + 1 is above Linux's pid_max: never a live process.
    expect(ownerAlive(owner(4_194_305, here), now, here, 30_000)).toBe(false);
    // Another host: only the heartbeat tells.
    expect(ownerAlive(owner(4_194_305, "elsewhere"), now + 1_000, here, 30_000)).toBe(true);
    expect(ownerAlive(owner(4_194_305, "elsewhere"), now + 31_000, here, 30_000)).toBe(false);
  });
});
