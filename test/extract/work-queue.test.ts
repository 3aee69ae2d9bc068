import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../src/extract/work-queue.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("WorkQueue", () => {
  it("runs at most `concurrency` items at once and processes all of them", async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const q = new WorkQueue<number>(3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
      done.push(n);
    });
    for (let i = 0; i < 20; i++) await q.push(i);
    q.close();
    await q.drained();
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("makes producers wait while the queue is full", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new WorkQueue<number>(1, () => gate, 2);
    await q.push(1); // taken by the worker
    await q.push(2);
    await q.push(3); // queue now full (capacity 2)
    let pushed = false;
    const p = q.push(4).then(() => (pushed = true));
    await tick();
    expect(pushed).toBe(false);
    expect(q.pending).toBe(3);
    release();
    await p;
    expect(pushed).toBe(true);
    q.close();
    await q.drained();
  });

  it("stops on the first failure: later pushes and drained() reject with it", async () => {
    const q = new WorkQueue<number>(2, async (n) => {
      await tick();
      if (n === 1) throw new Error("boom");
    });
    await q.push(0);
    await q.push(1);
    const drained = q.drained();
    await expect(drained).rejects.toThrow("boom");
    await expect(q.push(2)).rejects.toThrow("boom");
  });

  it("drains at once when closed empty", async () => {
    const q = new WorkQueue<number>(2, async () => {});
    q.close();
    await expect(q.drained()).resolves.toBeUndefined();
  });
});
