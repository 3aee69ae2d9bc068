/**
 * The emulator's one seeded PRNG (sfc32) and the id helpers the generator needs. Nothing here
 * touches Math.random or the clock, so an organisation is a pure function of its seed. The
 * runtime (faults, latency, materializations, tokens) draws from its own labelled streams, so
 * for one seed turning faults on does not shift materialization durations, nor the org.
 */

const BASE62_CODES = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"].map((c) => c.charCodeAt(0));
const HEX_CODES = [..."0123456789abcdef"].map((c) => c.charCodeAt(0));
// Scratch buffers reused by every id (generation is synchronous).
const SCRATCH = new Map<number, number[]>();
const UUID_CODES = new Array<number>(36);

/** Mixes a string into a 32-bit hash (cyrb-style); used to derive independent streams. */
export function hash32(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** Seeded pseudo-random stream with the pickers the generator uses. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, label = "") {
    // Four words from the seed and label; sfc32 needs a few rounds to decorrelate them.
    this.a = hash32(label, seed ^ 0x9e3779b9);
    this.b = hash32(label, seed ^ 0x85ebca6b);
    this.c = hash32(label, seed ^ 0xc2b2ae35);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [0, n) with one argument; in [min, max] (both inclusive) with two. */
  int(n: number): number;
  int(min: number, max: number): number;
  int(a: number, b?: number): number {
    return b === undefined ? Math.floor(this.next() * a) : a + Math.floor(this.next() * (b - a + 1));
  }

  /** True with probability p. Always draws once, so the stream position never depends on p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty array");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element chosen by weight; `weights` parallels `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** k distinct elements (k clamped to the array length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    copy.length = n;
    return copy;
  }

  /** Random string over the base62 alphabet. */
  base62(length: number): string {
    // One flat string per id (no rope of single characters): ids are most of the org's strings.
    let codes = SCRATCH.get(length);
    if (!codes) SCRATCH.set(length, (codes = new Array<number>(length)));
    for (let i = 0; i < length; i++) codes[i] = BASE62_CODES[this.u32() % 62]!;
    return String.fromCharCode.apply(null, codes);
  }

  /** A v4-shaped UUID (version and variant nibbles set) drawn from this stream. */
  uuid(): string {
    const codes = UUID_CODES;
    let k = 0;
    for (let i = 0; i < 32; i++) {
      if (i === 8 || i === 12 || i === 16 || i === 20) codes[k++] = 45; // "-"
      if (i === 12) codes[k++] = 52; // "4"
      else if (i === 16) codes[k++] = HEX_CODES[8 + (this.u32() & 3)]!;
      else codes[k++] = HEX_CODES[this.u32() & 15]!;
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** An independent stream derived from this one and a label (keeps domains decoupled). */
  fork(label: string): Rng {
    return new Rng(this.u32(), label);
  }
}

/**
 * Id shapes from sigma-api-facts §3, drawn from one stream. Short ids are checked for uniqueness
 * (62^10 leaves a remote chance of a repeat in an xl org); UUIDs and 22/29-char ids have
 * 122+ random bits and are not worth a set of every id.
 */
export class IdFactory {
  private readonly seenShort = new Set<string>();
  constructor(private readonly rng: Rng) {}

  /** UUID for workbook/dataset/data model/connection/team/workspace ids. */
  uuid(): string {
    return this.rng.uuid();
  }
  /** 22-char base62 url id (also table inode ids). */
  urlId(): string {
    return this.rng.base62(22);
  }
  /** 29-char alphanumeric member id. */
  memberId(): string {
    return this.rng.base62(29);
  }
  /** 10-char base62 id for pages, elements, sheets, calculated columns, lineage helper nodes. */
  shortId(): string {
    for (;;) {
      const id = this.rng.base62(10);
      if (!this.seenShort.has(id)) {
        this.seenShort.add(id);
        return id;
      }
    }
  }
}
