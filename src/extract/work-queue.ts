/**
 * A bounded queue with a fixed number of workers. Producers (the list readers) `await push()`,
 * which waits while the queue is full, so a fast list never piles up a whole estate in memory.
 * The first worker failure stops the queue: later pushes reject and `drained()` rejects with it.
 */

/** See the module comment. */
export class WorkQueue<T> {
  readonly #worker: (item: T) => Promise<void>;
  readonly #capacity: number;
  readonly #items: T[] = [];
  #active = 0;
  #closed = false;
  #failure: { error: unknown } | undefined;
  #spaceWaiters: Array<() => void> = [];
  #drainWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  readonly #concurrency: number;

  constructor(concurrency: number, worker: (item: T) => Promise<void>, capacity = concurrency * 2) {
    this.#concurrency = Math.max(1, concurrency);
    this.#worker = worker;
    this.#capacity = Math.max(1, capacity);
  }

  /** Items waiting plus items being worked on. */
  get pending(): number {
    return this.#items.length + this.#active;
  }

  /** Adds an item; resolves once it is queued (waits while the queue is full). */
  async push(item: T): Promise<void> {
    while (this.#items.length >= this.#capacity && !this.#failure) {
      await new Promise<void>((r) => this.#spaceWaiters.push(r));
    }
    if (this.#failure) throw this.#failure.error;
    if (this.#closed) throw new Error("push after close");
    this.#items.push(item);
    this.#pump();
  }

  /** No more items will come; `drained()` resolves once the queue is empty. */
  close(): void {
    this.#closed = true;
    this.#settle();
  }

  /** Resolves when closed and every item is done; rejects with the first worker failure. */
  drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#drainWaiters.push({ resolve, reject });
      this.#settle();
    });
  }

  #pump(): void {
    while (!this.#failure && this.#active < this.#concurrency && this.#items.length > 0) {
      const item = this.#items.shift() as T;
      this.#active++;
      this.#wakeProducers();
      this.#worker(item).then(
        () => {
          this.#active--;
          this.#pump();
          this.#settle();
        },
        (error: unknown) => {
          this.#active--;
          this.#failure ??= { error };
          this.#items.length = 0;
          this.#wakeProducers();
          this.#settle();
        },
      );
    }
  }

  #wakeProducers(): void {
    const waiters = this.#spaceWaiters;
    this.#spaceWaiters = [];
    for (const w of waiters) w();
  }

  #settle(): void {
    if (this.#active > 0) return;
    if (this.#failure) {
      for (const w of this.#drainWaiters.splice(0)) w.reject(this.#failure.error);
    } else if (this.#closed && this.#items.length === 0) {
      for (const w of this.#drainWaiters.splice(0)) w.resolve();
    }
  }
}
