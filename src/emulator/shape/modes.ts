/**
 * The emulator's answer shapes: how far its bodies stray from Sigma's OpenAPI document.
 *   strict  - the document's shapes (the conformance tests' mode);
 *   real    - the deviations published real bodies show, on a seeded share of entries;
 *   chaotic - any field outside the protected set may be dropped, nulled, given an unknown
 *             word, and unknown fields are added, each with a seeded probability.
 */

/** One of {@link SHAPES}. */
export type Shape = "strict" | "real" | "chaotic";

/** Every shape, in the order the CLI lists them. */
export const SHAPES: readonly Shape[] = ["strict", "real", "chaotic"];

/**
 * The shape when none is given: "real", so every test, the demo and users' CI meet Sigma's real
 * drift by default (the conformance tests ask for "strict").
 */
export const DEFAULT_SHAPE: Shape = "real";

/** Default share of entities a real deviation applies to (each deviation drawn on its own). */
export const DEFAULT_REAL_RATE = 0.4;

/** Default probability of each chaotic variation (per field, and per entry for an added field). */
export const DEFAULT_CHAOTIC_RATE = 0.2;
