/**
 * Deterministic draws for shaping: a pure function of (seed, labels), so one entity varies
 * the same way on every page, request and route (list and get alike), and two emulators with
 * one seed answer byte-identical bodies. No state, no Math.random.
 */
import { hash32 as hash } from "../org/rng.js";


/** A number in [0, 1) fixed by the seed and the labels. */
export function draw(seed: number, ...labels: string[]): number {
  return hash(labels.join("\u0000"), seed) / 4294967296;
}

/** One of `items`, fixed by the seed and the labels. */
export function pick<T>(items: readonly T[], seed: number, ...labels: string[]): T {
  return items[Math.floor(draw(seed, "pick", ...labels) * items.length)] as T;
}
