/**
 * The org's read graph, from the generator's own records (`reads`, dataset sources): which
 * element reads which table, dataset, data-model element or element, and which of them carry a
 * materialization schedule the API caller can see. Answers the truth's `downstreamSchedules`
 * and the emulator's order-violation check (a schedule's scheduled ancestors).
 *
 * Visible schedules: schedules of workbooks that are neither archived nor hidden from the
 * caller, of data models that are not archived, and datasets that are not archived, have run
 * at least once (a materialization history) and whose sources Sigma answers (not `409
 * inode_archived`): a lineage-driven planner can find exactly these.
 */
import type { Org } from "./types.js";

/** A schedule as the read graph knows it. */
export interface GraphSchedule {
  documentType: "workbook" | "data-model" | "dataset";
  documentId: string;
  sheetId: string;
}

/** The read graph of an org. Node keys: `t:<inode>`, `ds:<datasetId>`, `dm:<id>/<el>`, `wb:<id>/<el>`. */
export class ReadGraph {
  /** Node → the nodes that read it. */
  readonly readers = new Map<string, string[]>();
  /** Node → its visible schedule. */
  readonly schedules = new Map<string, GraphSchedule>();
  /** Nodes in an order where every node comes after what it reads. */
  readonly order: string[] = [];
  #ancestors = new Map<string, Set<string>>();

  constructor(org: Org) {
    const reads = new Map<string, string[]>();
    const add = (from: string, to: string) => {
      const r = this.readers.get(from);
      if (r) r.push(to);
      else this.readers.set(from, [to]);
      const list = reads.get(to);
      if (list) list.push(from);
      else reads.set(to, [from]);
    };
    const datasetByInode = new Map(org.datasets.map((d) => [d.dataset.url.slice(d.dataset.url.lastIndexOf("/") + 1), d.dataset.datasetId]));
    for (const d of org.datasets) {
      const id = d.dataset.datasetId;
      for (const s of d.sources) {
        if (s.type === "table") add(`t:${s.inodeId}`, `ds:${id}`);
        else if (s.type === "dataset" && datasetByInode.has(s.inodeId)) add(`ds:${datasetByInode.get(s.inodeId)!}`, `ds:${id}`);
      }
      reads.set(`ds:${id}`, reads.get(`ds:${id}`) ?? []);
      if (d.dataset.isArchived !== true && !d.sourcesArchived && d.materializationHistory.length > 0) {
        this.schedules.set(`ds:${id}`, { documentType: "dataset", documentId: id, sheetId: id });
      }
    }
    const docReads = (prefix: string, id: string, rec: Record<string, Array<Record<string, string>>> | undefined) => {
      for (const [el, refs] of Object.entries(rec ?? {})) {
        const me = `${prefix}:${id}/${el}`;
        reads.set(me, reads.get(me) ?? []);
        for (const r of refs) {
          if (r.table !== undefined) add(`t:${r.table}`, me);
          else if (r.dataset !== undefined) add(`ds:${r.dataset}`, me);
          else if (r.dataModel !== undefined) add(`dm:${r.dataModel}/${r.elementId}`, me);
          else if (r.element !== undefined) add(`${prefix}:${id}/${r.element}`, me);
        }
      }
    };
    for (const m of org.dataModels) {
      const id = m.dataModel.dataModelId;
      docReads("dm", id, m.reads as Record<string, Array<Record<string, string>>> | undefined);
      if (m.dataModel.isArchived === true) continue;
      for (const s of m.materializationSchedules) this.schedules.set(`dm:${id}/${s.elementId}`, { documentType: "data-model", documentId: id, sheetId: s.sheetId });
    }
    for (const w of org.workbooks) {
      const id = w.workbook.workbookId;
      docReads("wb", id, w.reads as Record<string, Array<Record<string, string>>> | undefined);
      if (w.workbook.isArchived === true || w.hiddenFromCaller) continue;
      for (const s of w.materializationSchedules) this.schedules.set(`wb:${id}/${s.elementId}`, { documentType: "workbook", documentId: id, sheetId: s.sheetId });
    }
    // Depth-first topological order (bounded: each node is finished once; the generator builds no cycles).
    const state = new Map<string, 1 | 2>();
    const visit = (start: string) => {
      const stack: Array<[string, number]> = [[start, 0]];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const [n, i] = top;
        if (i === 0) {
          if (state.has(n)) {
            stack.pop();
            continue;
          }
          state.set(n, 1);
        }
        const ups = reads.get(n) ?? [];
        if (i < ups.length) {
          top[1] = i + 1;
          const u = ups[i]!;
          if (!state.has(u)) stack.push([u, 0]);
        } else {
          state.set(n, 2);
          this.order.push(n);
          stack.pop();
        }
      }
    };
    for (const n of [...reads.keys(), ...this.readers.keys()]) visit(n);
  }

  /** Visible schedules reading `node` directly or transitively, each with its depth (see truth.ts). */
  downstream(node: string): Array<GraphSchedule & { depth: number }> {
    const reached = new Set<string>();
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (const r of this.readers.get(n) ?? []) {
        if (reached.has(r)) continue;
        reached.add(r);
        stack.push(r);
      }
    }
    if (reached.size === 0) return [];
    // Longest count of scheduled nodes on a path from `node`, in topological order.
    const count = new Map<string, number>([[node, 0]]);
    const out: Array<GraphSchedule & { depth: number }> = [];
    for (const n of this.order) {
      if (n !== node && !reached.has(n)) continue;
      const c = count.get(n);
      if (c === undefined) continue;
      const s = this.schedules.get(n);
      const mine = n !== node && s !== undefined ? c + 1 : c;
      if (n !== node && s !== undefined) out.push({ ...s, depth: mine });
      for (const r of this.readers.get(n) ?? []) if (reached.has(r)) count.set(r, Math.max(count.get(r) ?? 0, mine));
    }
    return out;
  }

  /** Targets (`sheetId`, or datasetId) of the visible schedules upstream of the schedule on `node`, transitively. */
  scheduledAncestors(node: string): Set<string> {
    let set = this.#ancestors.get(node);
    if (set) return set;
    set = new Set<string>();
    const seen = new Set<string>();
    const readsOf = this.#readsIndex();
    const stack = [...(readsOf.get(node) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const s = this.schedules.get(n);
      if (s) set.add(s.sheetId);
      stack.push(...(readsOf.get(n) ?? []));
    }
    this.#ancestors.set(node, set);
    return set;
  }

  #reads: Map<string, string[]> | undefined;
  #readsIndex(): Map<string, string[]> {
    if (this.#reads) return this.#reads;
    const m = new Map<string, string[]>();
    for (const [from, tos] of this.readers) for (const to of tos) m.set(to, [...(m.get(to) ?? []), from]);
    return (this.#reads = m);
  }

  /** The node of a schedule: by document and sheetId (datasets: their id). */
  nodeOfSheet(documentId: string, sheetId: string): string | undefined {
    if (this.#bySheet === undefined) {
      this.#bySheet = new Map();
      for (const [n, s] of this.schedules) this.#bySheet.set(`${s.documentId}/${s.sheetId}`, n);
    }
    return this.#bySheet.get(`${documentId}/${sheetId}`);
  }
  #bySheet: Map<string, string> | undefined;
}
