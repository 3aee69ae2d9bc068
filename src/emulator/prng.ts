/**
 * Seeded pseudo-random streams. Every concern (faults, latency, materializations, tokens)
 * draws from its own named stream so that, for one seed, turning faults on does not shift
 * the durations of materializations and vice versa. Independent of the org generator's PRNG.
 */

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** FNV-1a over a string: turns (seed, label) into a 32-bit stream seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic random stream (mulberry32). */
export class Prng {
  private state: number;

  constructor(seed: number, label: string) {
    this.state = hash32(`${seed}:${label}`);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. Always draws once, so the stream position never depends on p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 32; i++) hex.push(this.int(16).toString(16));
    hex[12] = "4";
    hex[16] = "89ab"[this.int(4)] as string;
    const s = hex.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** A base62 string of the given length (Sigma's urlIds and member ids look like this). */
  base62(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += BASE62[this.int(62)];
    return out;
  }
}
