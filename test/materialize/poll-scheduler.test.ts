import { describe, expect, it } from "vitest";
import { AbortedError, AuthenticationError } from "../../src/errors.js";
import { PollScheduler, type PollVerdict } from "../../src/materialize/poll-scheduler.js";
import { FakeClock } from "./helpers/fake-clock.js";

interface Job {
  name: string;
  readyAt: number; // virtual time at which a poll sees it done
  polls: number[];
}

function setup(opts: { runTimeoutMs?: number; random?: () => number; minMs?: number; maxMs?: number } = {}) {
  const clock = new FakeClock();
  const start = clock.now();
  const timedOut: Array<[string, string]> = [];
  const scheduler = new PollScheduler<Job>(
    {
      clock,
      interval: { minMs: opts.minMs ?? 1000, maxMs: opts.maxMs ?? 15_000 },
      runDeadline: start + (opts.runTimeoutMs ?? 3_600_000),
      random: opts.random ?? (() => 0), // 0: no early jitter, polls land on the nominal times
    },
    {
      poll: async (job): Promise<PollVerdict> => {
        job.polls.push(clock.now() - start);
        return clock.now() >= job.readyAt ? "done" : "continue";
      },
      timedOut: (job, cause) => timedOut.push([job.name, cause]),
    },
  );
  return { clock, start, scheduler, timedOut };
}

describe("PollScheduler", () => {
  it("grows each job's interval ×1.5 up to the cap", async () => {
    const { start, scheduler } = setup();
    const job: Job = { name: "a", readyAt: start + 60_000, polls: [] };
    scheduler.add(job, start + 3_600_000);
    scheduler.close();
    await scheduler.run();
    const gaps = job.polls.map((t, i) => t - (i === 0 ? 0 : (job.polls[i - 1] as number)));
    expect(gaps.slice(0, 6)).toEqual([1000, 1500, 2250, 3375, 5062.5, 7593.75]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000);
    // done on the first poll at or after 60 s, and not much later than that
    expect(job.polls.at(-1)).toBeGreaterThanOrEqual(60_000);
    expect(job.polls.at(-1)).toBeLessThanOrEqual(60_000 + 15_000);
  });

  /** Nominal poll times (offsets from add) and the gap in effect at each: MIN, MIN+MIN×1.5, … capped at MAX. */
  function nominal(n: number, min: number, max: number): Array<{ at: number; gap: number }> {
    const out: Array<{ at: number; gap: number }> = [];
    let at = 0;
    let gap = min;
    for (let k = 0; k < n; k++) {
      at += gap;
      out.push({ at, gap });
      gap = Math.min(max, gap * 1.5);
    }
    return out;
  }

  it("jitters polls only early, within 15% of the gap in effect, without accumulating", async () => {
    // 25_750 lies inside the jitter window of the nominal poll at 26_250 (gap 10_000)
    for (const [seq, ready] of [[[0.999], 200_000], [[0, 0.999, 0.25, 0.75], 200_000], [[0.5], 200_000], [[0.999], 25_750]] as Array<[number[], number]>) {
      let i = 0;
      const { start, scheduler } = setup({ random: () => seq[i++ % seq.length] as number, minMs: 2000, maxMs: 10_000 });
      const job: Job = { name: "a", readyAt: start + ready, polls: [] };
      scheduler.add(job, start + 3_600_000);
      scheduler.close();
      await scheduler.run();
      const nom = nominal(job.polls.length, 2000, 10_000);
      if (ready === 200_000) expect(job.polls.length).toBeGreaterThan(20); // long enough that accumulated jitter would show
      job.polls.forEach((t, k) => {
        const n = nom[k] as { at: number; gap: number };
        expect(t).toBeGreaterThanOrEqual(n.at - 0.15 * n.gap - 1e-6);
        expect(t).toBeLessThanOrEqual(n.at + 1e-6);
      });
      // seen, at the latest, by the first nominal poll whose jitter window starts after it became ready
      const firstAfter = nom.find((n) => n.at - 0.15 * n.gap >= ready) as { at: number; gap: number };
      expect(job.polls.at(-1)).toBeLessThanOrEqual(firstAfter.at);
      expect(job.polls.at(-1)).toBeGreaterThanOrEqual(ready);
    }
  });

  it("after a slow answer, polls at once and then goes back to the nominal schedule", async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const polls: number[] = [];
    const scheduler = new PollScheduler<string>(
      { clock, interval: { minMs: 1000, maxMs: 4000 }, runDeadline: start + 60_000, random: () => 0 },
      {
        poll: async () => {
          polls.push(clock.now() - start);
          if (polls.length === 2) await clock.sleep(5000); // sent at 2500, answered at 7500
          return clock.now() - start >= 14_000 ? "done" : "continue";
        },
        timedOut: () => undefined,
      },
    );
    scheduler.add("a", start + 60_000);
    scheduler.close();
    await scheduler.run();
    // nominal: 1000, 2500, 4750, 8125, 12125, 16125; 4750 passed during the slow answer
    expect(polls).toEqual([1000, 2500, 7500, 8125, 12125, 16125]);
  });

  it("counts the nominal schedule from `since` (a fresh trigger's send time), catching up at once", async () => {
    const { start, scheduler } = setup();
    const job: Job = { name: "a", readyAt: start + 5000, polls: [] };
    // triggered 3 s ago (a slow trigger answer): nominal offsets 1000, 2500, 4750, 8125 from there
    scheduler.add(job, start + 3_600_000, start - 3000);
    scheduler.close();
    await scheduler.run();
    expect(job.polls).toEqual([0, 1750, 5125]);
  });

  it("polls each job at most once per tick and counts ticks", async () => {
    const { start, scheduler } = setup();
    const jobs: Job[] = Array.from({ length: 20 }, (_, k) => ({ name: `j${k}`, readyAt: start + 2000 + k * 1000, polls: [] }));
    for (const j of jobs) scheduler.add(j, start + 3_600_000);
    scheduler.close();
    await scheduler.run();
    const stats = scheduler.stats();
    const polls = jobs.reduce((n, j) => n + j.polls.length, 0);
    expect(stats.statusRequests).toBe(polls);
    expect(stats.statusRequests).toBeLessThanOrEqual(stats.activeJobTicks);
    for (const j of jobs) expect(new Set(j.polls).size).toBe(j.polls.length);
    // same start + no jitter: the jobs share ticks instead of each waking the loop
    expect(stats.ticks).toBeLessThan(polls);
  });

  it("times out a job at its own deadline and the rest at the run deadline", async () => {
    const { start, scheduler, timedOut } = setup({ runTimeoutMs: 30_000 });
    const slow: Job = { name: "slow", readyAt: Infinity, polls: [] };
    const stuck: Job = { name: "stuck", readyAt: Infinity, polls: [] };
    const quick: Job = { name: "quick", readyAt: start + 3000, polls: [] };
    scheduler.add(slow, start + 10_000);
    scheduler.add(stuck, start + 3_600_000);
    scheduler.add(quick, start + 3_600_000);
    scheduler.close();
    await scheduler.run();
    expect(timedOut).toEqual([
      ["slow", "job"],
      ["stuck", "run"],
    ]);
    expect(Math.max(...slow.polls)).toBeLessThan(10_000);
    expect(Math.max(...stuck.polls)).toBeLessThan(30_000);
  });

  it("does not let one slow answer hold up the other jobs", async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const seen: Record<string, number[]> = { slow: [], fast: [] };
    const scheduler = new PollScheduler<string>(
      { clock, interval: { minMs: 1000, maxMs: 2000 }, runDeadline: start + 60_000, random: () => 0 },
      {
        poll: async (name) => {
          seen[name]?.push(clock.now() - start);
          if (name === "slow") await clock.sleep(20_000);
          return clock.now() - start >= 12_000 ? "done" : "continue";
        },
        timedOut: () => undefined,
      },
    );
    scheduler.add("slow", start + 60_000);
    scheduler.add("fast", start + 60_000);
    scheduler.close();
    await scheduler.run();
    expect(seen.slow).toEqual([1000]);
    expect((seen.fast as number[]).length).toBeGreaterThan(5);
  });

  it("accepts jobs added while running and ends only after close()", async () => {
    const { clock, start, scheduler } = setup();
    const a: Job = { name: "a", readyAt: start + 1000, polls: [] };
    const b: Job = { name: "b", readyAt: start + 8000, polls: [] };
    scheduler.add(a, start + 3_600_000);
    const running = scheduler.run();
    await clock.sleep(5000);
    scheduler.add(b, start + 3_600_000);
    scheduler.close();
    await running;
    expect(a.polls).toEqual([1000]);
    expect(b.polls[0]).toBe(6000);
    expect(b.polls.at(-1)).toBeGreaterThanOrEqual(8000);
  });

  it("stops on a fatal poll error and on abort", async () => {
    const clock = new FakeClock();
    const scheduler = new PollScheduler<number>(
      { clock, interval: { minMs: 1000, maxMs: 2000 }, runDeadline: clock.now() + 60_000 },
      {
        poll: async () => {
          throw new AuthenticationError({ status: 401, request: { method: "GET", path: "/x" } });
        },
        timedOut: () => undefined,
      },
    );
    scheduler.add(1, clock.now() + 60_000);
    scheduler.close();
    await expect(scheduler.run()).rejects.toBeInstanceOf(AuthenticationError);

    const ctl = new AbortController();
    const s2 = new PollScheduler<number>(
      { clock, interval: { minMs: 1000, maxMs: 2000 }, runDeadline: clock.now() + 60_000, signal: ctl.signal },
      { poll: async () => "continue", timedOut: () => undefined },
    );
    s2.add(1, clock.now() + 60_000);
    s2.close();
    const run = s2.run();
    setImmediate(() => ctl.abort());
    await expect(run).rejects.toBeInstanceOf(AbortedError);
  });
});
