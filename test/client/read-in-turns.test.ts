/**
 * A large list page is read in pieces with a turn of the event loop between them (other
 * answers are handled meanwhile), and reads exactly what reading it in one piece reads.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DriftRecorder } from "../../src/client/drift.js";
import { readEntries, readEntriesInTurns } from "../../src/client/pagination.js";

const Item = z.looseObject({ id: z.string() });
const Doc = z.strictObject({ id: z.string(), name: z.string() });
const page = Array.from({ length: 1050 }, (_, i) => (i % 97 === 0 ? { name: "no id" } : i % 5 === 0 ? { id: `e${i}`, name: null, extra: 1 } : { id: `e${i}`, name: `n${i}` }));

describe("readEntriesInTurns", () => {
  it("reads what readEntries reads, with the same drift", async () => {
    const d1 = new DriftRecorder();
    const d2 = new DriftRecorder();
    const once = readEntries(page, Item, { endpoint: "GET /x", docSchema: Doc, drift: d1 });
    const inTurns = await readEntriesInTurns(page, Item, { endpoint: "GET /x", docSchema: Doc, drift: d2 });
    expect(inTurns).toEqual(once);
    expect(inTurns.entries).toHaveLength(1050 - 11);
    expect(d2.list()).toEqual(d1.list());
    expect(d2.counts()).toEqual(d1.counts());
  });

  it("lets the event loop turn between pieces of a large page, not within a small one", async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await readEntriesInTurns(page, Item, { endpoint: "GET /x" });
    const large = turns;
    turns = 0;
    await readEntriesInTurns(page.slice(0, 100), Item, { endpoint: "GET /x" });
    counting = false;
    expect(large).toBeGreaterThanOrEqual(10);
    expect(turns).toBe(0);
  });
});
