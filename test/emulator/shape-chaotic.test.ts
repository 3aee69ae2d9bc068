/**
 * The "chaotic" shape against the strict one, over a broad set of read routes: protected
 * fields never change, lists keep their entries, order and envelopes, variation happens at
 * the configured rate (within a tolerance), and bodies are a pure function of the seed.
 * Errors and control routes are never shaped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_MEMBER_ID } from "../../src/emulator/index.js";
import { PROTECTED } from "../../src/emulator/shape/protected.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import type { ItemKind } from "../../src/emulator/shape/kinds.js";
import type { Json } from "./fixture.js";
import { itemsOf, readRoutes, shaped, type Shaped } from "./shape-support.js";

const RATE = 0.25;
let chaotic: Shaped;
let strict: Shaped;
let truth: Truth;
let routes: Array<[string, ItemKind]>;

beforeAll(async () => {
  [chaotic, strict] = await Promise.all([shaped({ shape: "chaotic", shapeRate: RATE }), shaped({ shape: "strict" })]);
  truth = strict.emu.truth() as Truth;
  routes = readRoutes(truth);
});

afterAll(async () => {
  await Promise.all([chaotic.emu.close(), strict.emu.close()]);
});

/** Expects the protected fields of `kind` in `s` (strict) to be in `c` (chaotic) unchanged. */
function expectProtected(kind: ItemKind, s: Json, c: Json, where: string): void {
  for (const f of PROTECTED[kind]) {
    if (!(f in s)) continue;
    if (kind === "elementLineage") continue; // containers: checked node by node below
    expect(c[f], `${where}: ${kind}.${f}`).toEqual(s[f]);
  }
  if (kind === "elementLineage") {
    expect(Object.keys(c.dependencies), where).toEqual(Object.keys(s.dependencies));
    for (const [id, node] of Object.entries(s.dependencies as Record<string, Json>)) {
      expect(c.dependencies[id].nodeId, where).toBe(node.nodeId);
      expect(c.dependencies[id].elementId, where).toBe(node.elementId);
    }
    expect(c.edges.map((e: Json) => [e.source, e.target]), where).toEqual(s.edges.map((e: Json) => [e.source, e.target]));
  }
}

describe("chaotic shape", () => {
  it("never changes a protected field, an envelope or the entries of a list", async () => {
    let items = 0;
    for (const [path, kind] of routes) {
      const [s, c] = [await strict.raw(path), await chaotic.raw(path)];
      expect(c.status, path).toBe(s.status);
      if (s.status !== 200) continue;
      const sb = JSON.parse(s.text);
      let cb = JSON.parse(c.text);
      if (kind === "member" && cb.entries) {
        // The system member joins member lists outside strict: the one added entry (the lists
        // here fit one page, so it is on it).
        expect(cb.entries.filter((m: Json) => m.memberId === SYSTEM_MEMBER_ID), path).toHaveLength(1);
        cb = { ...cb, entries: cb.entries.filter((m: Json) => m.memberId !== SYSTEM_MEMBER_ID), ...(cb.total !== undefined ? { total: cb.total - 1 } : {}) };
      }
      if (!Array.isArray(sb) && sb.entries) {
        const { entries: _s, ...senv } = sb;
        const { entries: _c, ...cenv } = cb;
        expect(cenv, path).toEqual(senv);
      }
      const [si, ci] = [itemsOf(sb), itemsOf(cb)];
      expect(ci.length, path).toBe(si.length);
      si.forEach((x, i) => expectProtected(kind, x, ci[i], `${path} #${i}`));
      items += si.length;
    }
    expect(items).toBeGreaterThan(1000);
  });

  it("varies unprotected fields at the configured rate and adds unknown fields", async () => {
    // From a reset (counters and cache cleared), every route once.
    await chaotic.emu.fetch(`${chaotic.emu.url}/__emulator/reset`, { method: "POST" });
    for (const [path] of routes) await chaotic.raw(path);
    const s = chaotic.emu.stats().shape;
    expect(s.mode).toBe("chaotic");
    expect(s.fieldsConsidered).toBeGreaterThan(2000);
    const varied = (s.fieldsDropped + s.fieldsNulled + s.unknownWords) / s.fieldsConsidered;
    expect(varied).toBeGreaterThan(RATE - 0.03);
    expect(varied).toBeLessThan(RATE + 0.03);
    for (const n of [s.fieldsDropped, s.fieldsNulled, s.unknownWords]) expect(n).toBeGreaterThan(0);
    // One extra field per item with probability RATE (lineage graphs also add to nodes and edges).
    expect(s.fieldsAdded / s.entries).toBeGreaterThan(RATE - 0.05);
    expect(s.fieldsAdded / s.entries).toBeLessThan(RATE + 0.15);
    expect(s.entriesVaried).toBeLessThan(s.entries);
  });

  it("shows each variation in bodies: absent, null, unknown words and undocumented fields", async () => {
    const s = itemsOf(await strict.get("/v2/files?limit=1000"));
    const c = itemsOf(await chaotic.get("/v2/files?limit=1000"));
    const diff = { dropped: 0, nulled: 0, word: 0, added: 0 };
    s.forEach((x: Json, i: number) => {
      const y = c[i];
      for (const k of Object.keys(x)) {
        if (!(k in y)) diff.dropped++;
        else if (y[k] === null && x[k] !== null) diff.nulled++;
        else if (["permission", "badge"].includes(k) && y[k] !== x[k]) diff.word++;
      }
      for (const k of Object.keys(y)) if (!(k in x)) diff.added++;
    });
    for (const n of Object.values(diff)) expect(n).toBeGreaterThan(0);
  });

  it("is a pure function of the seed: same seed byte-identical, another shapeSeed different", async () => {
    const paths = routes.slice(0, 40).map(([p]) => p);
    const twin = await shaped({ shape: "chaotic", shapeRate: RATE });
    const other = await shaped({ shape: "chaotic", shapeRate: RATE, shapeSeed: 8 });
    // In order, from a reset: error bodies' requestIds follow the request numbering.
    const run = async (x: Shaped) => {
      await x.emu.fetch(`${x.emu.url}/__emulator/reset`, { method: "POST" });
      const out = [];
      for (const p of paths) out.push(await x.raw(p));
      return out;
    };
    try {
      const mine = await run(chaotic);
      expect(await run(twin)).toEqual(mine);
      expect(await run(other)).not.toEqual(mine);
    } finally {
      await Promise.all([twin.emu.close(), other.emu.close()]);
    }
  });

  it("keeps the truth (plus the system member), error bodies and control routes unshaped", async () => {
    const t = structuredClone(chaotic.emu.truth()) as Truth;
    t.members = t.members.filter((m) => m.memberId !== SYSTEM_MEMBER_ID);
    t.counts.members = (t.counts.members ?? 0) - 1;
    expect(t).toEqual(truth);
    // Error bodies: same shape as strict (the requestId differs by request number only).
    for (const p of ["/v2/workbooks/00000000-0000-4000-8000-000000000000", "/v2/dataModels/nope", "/v2/workbooks?limit=-1"]) {
      const [s, c] = [await strict.raw(p), await chaotic.raw(p)];
      expect(c.status).toBe(s.status);
      const { requestId: _a, ...se } = JSON.parse(s.text);
      const { requestId: _b, ...ce } = JSON.parse(c.text);
      expect(ce).toEqual(se);
      expect(Object.keys(JSON.parse(c.text)).sort()).toEqual(["code", "message", "requestId"]);
    }
    const ctl = await chaotic.emu.fetch(`${chaotic.emu.url}/__emulator/truth`);
    expect(await ctl.json()).toEqual(chaotic.emu.truth());
  });

  it("shapes a materialization job but keeps its id and status", async () => {
    const w = truth.workbooks.find((x) => !x.hiddenFromCaller && !x.isArchived && x.materializationSchedules.length > 0)!;
    const started = await chaotic.emu.fetch(`${chaotic.emu.url}/v2/workbooks/${w.workbookId}/materializations`, {
      method: "POST",
      headers: { authorization: `Bearer ${chaotic.token}`, "content-type": "application/json" },
      body: JSON.stringify({ sheetId: w.materializationSchedules[0]!.sheetId }),
    });
    const { materializationId } = (await started.json()) as { materializationId: string };
    expect(typeof materializationId).toBe("string");
    const job = await chaotic.get(`/v2/workbooks/${w.workbookId}/materializations/${materializationId}`);
    expect(job.materializationId).toBe(materializationId);
    expect(["pending", "building", "ready", "failed"]).toContain(job.status);
  });
});
