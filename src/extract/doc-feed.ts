/**
 * What the assembler needs while documents are still being fetched: each document kind's list
 * entries in Sigma's order as they are read, and a signal for each document once it is
 * journaled. The assembler follows the lists and writes each document as soon as it and every
 * document before it are done, so the files are complete moments after the last answer instead
 * of being built in a phase of their own.
 *
 * A document just journaled is handed over in memory (up to {@link HELD_BYTES} in all); past
 * that, or when it was journaled by an interrupted attempt, the assembler reads its file.
 */
import type { DocKind } from "./assets.js";
import type { JournaledDoc } from "./checkpoint.js";
import type { RawObject } from "./endpoints.js";

/**
 * Bytes of journaled documents held for the assembler. Documents finish out of order, so a slow
 * one holds back the ones after it; beyond this the later ones are read back from their files.
 */
const HELD_BYTES = 32 * 1024 * 1024;

/** Bytes of a journaled document's row fragments (what holding it costs). */
const sizeOf = (doc: JournaledDoc): number => doc.parts.reduce((s, p) => s + p.bytes.length, 0);

interface Waiter<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

/** One kind's entries: read so far, whether the list ended, and who waits for more. */
interface KindEntries {
  items: Array<RawObject | undefined>;
  ended: boolean;
  waiters: Array<Waiter<void>>;
}

/** See the module comment. */
export class DocFeed {
  readonly #kinds = new Map<DocKind, KindEntries>();
  /** Documents journaled (`kind:id`), with the result when it is held in memory. */
  readonly #ready = new Map<string, JournaledDoc | undefined>();
  readonly #docWaiters = new Map<string, Array<Waiter<void>>>();
  #heldBytes = 0;
  /** No more documents will be journaled: waits for the others end (their files decide). */
  #drained = false;
  #failure: { error: unknown } | undefined;

  #entries(kind: DocKind): KindEntries {
    let e = this.#kinds.get(kind);
    if (!e) this.#kinds.set(kind, (e = { items: [], ended: false, waiters: [] }));
    return e;
  }

  /** A list entry of `kind`, in list order (duplicates already dropped). */
  push(kind: DocKind, entry: RawObject): void {
    const e = this.#entries(kind);
    e.items.push(entry);
    for (const w of e.waiters.splice(0)) w.resolve();
  }

  /** The list of `kind` ended (complete or not): no more entries. */
  end(kind: DocKind): void {
    const e = this.#entries(kind);
    e.ended = true;
    for (const w of e.waiters.splice(0)) w.resolve();
  }

  /** The entries of `kind` in order, waiting for more until the list ends. */
  async *entries(kind: DocKind): AsyncGenerator<RawObject> {
    const e = this.#entries(kind);
    let i = 0;
    for (;;) {
      this.#check();
      if (i < e.items.length) {
        const item = e.items[i]!;
        // Consumed entries are let go: memory follows the assembler, not the list.
        e.items[i++] = undefined;
        yield item;
        continue;
      }
      if (e.ended) return;
      await new Promise<void>((resolve, reject) => e.waiters.push({ resolve, reject }));
    }
  }

  /** Document `kind:id` is journaled; `doc` is what was written, when the caller has it. */
  ready(key: string, doc?: JournaledDoc): void {
    // Said twice (it cannot happen today): the first document no longer counts.
    const before = this.#ready.get(key);
    if (before) this.#heldBytes -= sizeOf(before);
    let held: JournaledDoc | undefined;
    if (doc) {
      const bytes = sizeOf(doc);
      if (this.#heldBytes + bytes <= HELD_BYTES) {
        held = doc;
        this.#heldBytes += bytes;
      }
    }
    this.#ready.set(key, held);
    for (const w of this.#docWaiters.get(key)?.splice(0) ?? []) w.resolve();
    this.#docWaiters.delete(key);
  }

  /** Every document that will be journaled is: the ones still awaited are read from the journal. */
  drained(): void {
    this.#drained = true;
    for (const ws of this.#docWaiters.values()) for (const w of ws) w.resolve();
    this.#docWaiters.clear();
  }

  /** The run failed: every wait rejects with `error`. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    for (const e of this.#kinds.values()) for (const w of e.waiters.splice(0)) w.reject(error);
    for (const ws of this.#docWaiters.values()) for (const w of ws) w.reject(error);
    this.#docWaiters.clear();
  }

  /**
   * Document `kind:id` once journaled: held in memory, else read by `load` (which also decides
   * a document never journaled, after {@link drained}).
   */
  async doc(key: string, load: () => Promise<JournaledDoc | undefined>): Promise<JournaledDoc | undefined> {
    this.#check();
    if (!this.#ready.has(key) && !this.#drained) {
      await new Promise<void>((resolve, reject) => {
        const ws = this.#docWaiters.get(key) ?? [];
        ws.push({ resolve, reject });
        this.#docWaiters.set(key, ws);
      });
    }
    const held = this.#ready.get(key);
    if (held) {
      this.#ready.set(key, undefined);
      this.#heldBytes -= sizeOf(held);
      return held;
    }
    return load();
  }

  #check(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
