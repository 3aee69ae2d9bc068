/**
 * Deterministic draws for shaping: a pure function of (seed, labels), so one entity varies
 * the same way on every page, request and route (list and get alike), and two emulators with
 * one seed answer byte-identical bodies. No state, no Math.random.
 */

/** 32-bit hash of `text` under `seed` (cyrb53-style mixing, low word). */
function hash(text: string, seed: number): number {
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

/** A number in [0, 1) fixed by the seed and the labels. */
export function draw(seed: number, ...labels: string[]): number {
  return hash(labels.join("\u0000"), seed) / 4294967296;
}

/** One of `items`, fixed by the seed and the labels. */
export function pick<T>(items: readonly T[], seed: number, ...labels: string[]): T {
  return items[Math.floor(draw(seed, "pick", ...labels) * items.length)] as T;
}
