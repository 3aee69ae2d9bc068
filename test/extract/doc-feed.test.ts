/** DocFeed: list entries in order as they are read, and journaled documents handed over in memory (bounded). */
import { describe, expect, it, vi } from "vitest";
import type { JournaledDoc } from "../../src/extract/checkpoint.js";
import { DocFeed } from "../../src/extract/doc-feed.js";
import type { RawObject } from "../../src/extract/endpoints.js";

const MiB = 1024 * 1024;

function journaled(id: string, ...sizes: number[]): JournaledDoc {
  return {
    kind: "workbook",
    id,
    errors: [],
    noLineage: 0,
    duplicates: {},
    deps: [],
    parts: sizes.map((n, i) => ({ asset: i === 0 ? "pages" : "elements", rows: 1, bytes: Buffer.alloc(n) })),
  };
}

/** A few turns of the event loop: whatever can settle now has. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

/** Tracks a promise's state without awaiting it. */
function track<T>(p: Promise<T>) {
  const t = { done: false, value: undefined as T | undefined, error: undefined as unknown, promise: p };
  p.then(
    (v) => {
      t.done = true;
      t.value = v;
    },
    (e: unknown) => {
      t.done = true;
      t.error = e;
    },
  );
  return t;
}

/** Collects the entries of `kind` as they come. */
function collect(feed: DocFeed, kind: "workbook" | "dataset" | "datamodel") {
  const got: RawObject[] = [];
  const done = track(
    (async () => {
      for await (const e of feed.entries(kind)) got.push(e);
    })(),
  );
  return { got, done };
}

const entry = (workbookId: string): RawObject => ({ workbookId });

describe("DocFeed entries", () => {
  it("yields pushed entries in order and waits for later pushes until the list ends", async () => {
    const feed = new DocFeed();
    const { got, done } = collect(feed, "workbook");
    await settle();
    expect(got).toEqual([]);
    expect(done.done).toBe(false);
    feed.push("workbook", entry("a"));
    feed.push("workbook", entry("b"));
    await settle();
    expect(got).toEqual([entry("a"), entry("b")]);
    expect(done.done).toBe(false);
    feed.push("workbook", entry("c"));
    await settle();
    expect(got.map((e) => e.workbookId)).toEqual(["a", "b", "c"]);
    expect(done.done).toBe(false);
    feed.end("workbook");
    await done.promise;
    expect(got.map((e) => e.workbookId)).toEqual(["a", "b", "c"]);
  });

  it("yields entries pushed before anyone iterates, and ends at once on an ended list", async () => {
    const feed = new DocFeed();
    feed.push("dataset", { datasetId: "d1" });
    feed.push("dataset", { datasetId: "d2" });
    const { got, done } = collect(feed, "dataset");
    await settle();
    expect(got).toEqual([{ datasetId: "d1" }, { datasetId: "d2" }]);
    expect(done.done).toBe(false);
    feed.end("dataset");
    await done.promise;

    const ended = new DocFeed();
    ended.push("workbook", entry("x"));
    ended.end("workbook");
    const late = collect(ended, "workbook");
    await late.done.promise;
    expect(late.got).toEqual([entry("x")]);
  });

  it("an ended empty list yields nothing", async () => {
    const feed = new DocFeed();
    feed.end("datamodel");
    const { got, done } = collect(feed, "datamodel");
    await done.promise;
    expect(got).toEqual([]);
  });

  it("keeps kinds apart: ending one list does not end another", async () => {
    const feed = new DocFeed();
    const wb = collect(feed, "workbook");
    const ds = collect(feed, "dataset");
    feed.push("workbook", entry("w1"));
    feed.push("dataset", { datasetId: "d1" });
    feed.end("dataset");
    await ds.done.promise;
    await settle();
    expect(ds.got).toEqual([{ datasetId: "d1" }]);
    expect(wb.got).toEqual([entry("w1")]);
    expect(wb.done.done).toBe(false);
    feed.end("workbook");
    await wb.done.promise;
  });

  it("keeps the same object and follows a long list pushed one at a time", async () => {
    const feed = new DocFeed();
    const { got, done } = collect(feed, "workbook");
    const pushed = Array.from({ length: 500 }, (_, i) => entry(`w${i}`));
    for (const [i, e] of pushed.entries()) {
      feed.push("workbook", e);
      if (i % 50 === 0) await settle();
    }
    feed.end("workbook");
    await done.promise;
    expect(got).toHaveLength(500);
    got.forEach((e, i) => expect(e).toBe(pushed[i]));
  });
});

describe("DocFeed documents", () => {
  it("doc() waits until ready(key, doc) and answers the held document without calling load", async () => {
    const feed = new DocFeed();
    const load = vi.fn(async () => journaled("from-disk", 1));
    const pending = track(feed.doc("workbook:w1", load));
    await settle();
    expect(pending.done).toBe(false);
    feed.ready("workbook:w2", journaled("w2", 10)); // another key does not wake it
    await settle();
    expect(pending.done).toBe(false);
    const doc = journaled("w1", 10);
    feed.ready("workbook:w1", doc);
    await expect(pending.promise).resolves.toBe(doc);
    expect(load).not.toHaveBeenCalled();
  });

  it("doc() after ready(key, doc) answers at once; the document is handed over only once", async () => {
    const feed = new DocFeed();
    const doc = journaled("w1", 10);
    feed.ready("workbook:w1", doc);
    const load = vi.fn(async () => journaled("from-disk", 1));
    await expect(feed.doc("workbook:w1", load)).resolves.toBe(doc);
    expect(load).not.toHaveBeenCalled();
    // Handed over: a second ask reads the journal.
    const again = await feed.doc("workbook:w1", load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(again?.id).toBe("from-disk");
  });

  it("every waiter on one key is woken by its ready()", async () => {
    const feed = new DocFeed();
    const load = vi.fn(async () => undefined);
    const a = track(feed.doc("workbook:w1", load));
    const b = track(feed.doc("workbook:w1", load));
    await settle();
    expect(a.done || b.done).toBe(false);
    feed.ready("workbook:w1");
    await Promise.all([a.promise, b.promise]);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("ready(key) without a document makes doc() call load", async () => {
    const feed = new DocFeed();
    const fromDisk = journaled("w1", 4);
    const load = vi.fn(async () => fromDisk);
    const pending = track(feed.doc("workbook:w1", load));
    await settle();
    expect(load).not.toHaveBeenCalled();
    feed.ready("workbook:w1");
    await expect(pending.promise).resolves.toBe(fromDisk);
    expect(load).toHaveBeenCalledTimes(1);
    // Ready before the ask: load at once.
    feed.ready("workbook:w2");
    const load2 = vi.fn(async () => undefined);
    await expect(feed.doc("workbook:w2", load2)).resolves.toBeUndefined();
    expect(load2).toHaveBeenCalledTimes(1);
  });

  it("after drained(), a key never made ready resolves through load (waiting or asked later)", async () => {
    const feed = new DocFeed();
    const load = vi.fn(async () => undefined);
    const waiting = track(feed.doc("workbook:never", load));
    await settle();
    expect(waiting.done).toBe(false);
    feed.drained();
    await expect(waiting.promise).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
    const fromDisk = journaled("later", 1);
    await expect(feed.doc("workbook:later", async () => fromDisk)).resolves.toBe(fromDisk);
  });

  it("after drained(), a held document is still handed over from memory", async () => {
    const feed = new DocFeed();
    const doc = journaled("w1", 100);
    feed.ready("workbook:w1", doc);
    feed.drained();
    const load = vi.fn(async () => undefined);
    await expect(feed.doc("workbook:w1", load)).resolves.toBe(doc);
    expect(load).not.toHaveBeenCalled();
  });

  it("a failing load rejects doc()", async () => {
    const feed = new DocFeed();
    feed.ready("workbook:w1");
    await expect(feed.doc("workbook:w1", () => Promise.reject(new Error("unreadable")))).rejects.toThrow("unreadable");
  });
});

describe("DocFeed.fail", () => {
  it("rejects pending entries and doc waits, and every later call, with the error", async () => {
    const feed = new DocFeed();
    feed.push("workbook", entry("a"));
    const wb = collect(feed, "workbook");
    const ds = collect(feed, "dataset");
    const load = vi.fn(async () => undefined);
    const waiting = track(feed.doc("workbook:w1", load));
    await settle();
    expect(wb.got).toEqual([entry("a")]);
    const error = new Error("disk full");
    feed.fail(error);
    await settle();
    expect(wb.done.error).toBe(error);
    expect(ds.done.error).toBe(error);
    expect(waiting.error).toBe(error);
    // Later calls.
    await expect(feed.doc("workbook:w2", load)).rejects.toBe(error);
    const later = collect(feed, "datamodel");
    await settle();
    expect(later.done.error).toBe(error);
    expect(load).not.toHaveBeenCalled();
  });

  it("later calls fail even when the key is ready or the list has entries; the first error wins", async () => {
    const feed = new DocFeed();
    feed.push("workbook", entry("a"));
    feed.end("workbook");
    feed.ready("workbook:w1", journaled("w1", 1));
    const first = new Error("first");
    feed.fail(first);
    feed.fail(new Error("second"));
    const load = vi.fn(async () => undefined);
    await expect(feed.doc("workbook:w1", load)).rejects.toBe(first);
    const { got, done } = collect(feed, "workbook");
    await settle();
    expect(done.error).toBe(first);
    expect(got).toEqual([]);
    expect(load).not.toHaveBeenCalled();
  });
});

describe("DocFeed hold limit (32 MiB)", () => {
  const noLoad = () => vi.fn(async (): Promise<JournaledDoc | undefined> => undefined);

  it("holds documents up to 32 MiB in all; one beyond is read through load", async () => {
    const feed = new DocFeed();
    const a = journaled("a", 20 * MiB);
    const b = journaled("b", 20 * MiB);
    feed.ready("workbook:a", a);
    feed.ready("workbook:b", b); // 40 MiB would be held: not held
    const loadA = noLoad();
    await expect(feed.doc("workbook:a", loadA)).resolves.toBe(a);
    expect(loadA).not.toHaveBeenCalled();
    const fromDisk = journaled("b-from-disk", 1);
    const loadB = vi.fn(async () => fromDisk);
    await expect(feed.doc("workbook:b", loadB)).resolves.toBe(fromDisk);
    expect(loadB).toHaveBeenCalledTimes(1);
  });

  it("a consumed document's bytes are released: another 20 MiB document can be held again", async () => {
    const feed = new DocFeed();
    const a = journaled("a", 20 * MiB);
    feed.ready("workbook:a", a);
    await expect(feed.doc("workbook:a", noLoad())).resolves.toBe(a);
    const c = journaled("c", 20 * MiB);
    feed.ready("workbook:c", c);
    const loadC = noLoad();
    await expect(feed.doc("workbook:c", loadC)).resolves.toBe(c);
    expect(loadC).not.toHaveBeenCalled();
    // And again, many times over: the budget does not creep.
    for (let i = 0; i < 5; i++) {
      const d = journaled(`d${i}`, 20 * MiB);
      feed.ready(`workbook:d${i}`, d);
      await expect(feed.doc(`workbook:d${i}`, noLoad())).resolves.toBe(d);
    }
  });

  it("a document made ready twice counts once: the budget is not used up by the replaced one", async () => {
    const feed = new DocFeed();
    feed.ready("workbook:k", journaled("k1", 20 * MiB));
    const k2 = journaled("k2", 10 * MiB);
    feed.ready("workbook:k", k2);
    await expect(feed.doc("workbook:k", noLoad())).resolves.toBe(k2);
    const z = journaled("z", 30 * MiB);
    feed.ready("workbook:z", z);
    const loadZ = noLoad();
    await expect(feed.doc("workbook:z", loadZ)).resolves.toBe(z);
    expect(loadZ).not.toHaveBeenCalled();
  });

  it("a document that was not held releases nothing when it is read", async () => {
    const feed = new DocFeed();
    feed.ready("workbook:a", journaled("a", 20 * MiB)); // held, never consumed here
    feed.ready("workbook:b", journaled("b", 20 * MiB)); // not held
    await feed.doc("workbook:b", noLoad());
    const c = journaled("c", 20 * MiB);
    feed.ready("workbook:c", c); // a still holds 20 MiB: c is not held
    const loadC = noLoad();
    await expect(feed.doc("workbook:c", loadC)).resolves.toBeUndefined();
    expect(loadC).toHaveBeenCalledTimes(1);
  });

  it("counts every part of a document, and fills the budget exactly", async () => {
    const feed = new DocFeed();
    const twoParts = journaled("two", 12 * MiB, 12 * MiB); // 24 MiB
    feed.ready("workbook:two", twoParts);
    const tooMuch = journaled("more", 9 * MiB); // 33 MiB in all: not held
    feed.ready("workbook:more", tooMuch);
    const exact = journaled("exact", 8 * MiB); // 32 MiB exactly: held
    feed.ready("workbook:exact", exact);
    const loadMore = noLoad();
    await expect(feed.doc("workbook:more", loadMore)).resolves.toBeUndefined();
    expect(loadMore).toHaveBeenCalledTimes(1);
    await expect(feed.doc("workbook:exact", noLoad())).resolves.toBe(exact);
    await expect(feed.doc("workbook:two", noLoad())).resolves.toBe(twoParts);
  });

  it("a single document larger than the limit is never held", async () => {
    const feed = new DocFeed();
    feed.ready("workbook:huge", journaled("huge", 33 * MiB));
    const load = noLoad();
    await expect(feed.doc("workbook:huge", load)).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
    // Nothing was counted for it: a 32 MiB one is held.
    const full = journaled("full", 32 * MiB);
    feed.ready("workbook:full", full);
    await expect(feed.doc("workbook:full", noLoad())).resolves.toBe(full);
  });
});
