/**
 * The generator functions the emulator needs, behind one interface so tests can serve a
 * hand-made Org. The default implementation is the generator in src/emulator/org, loaded on
 * first use (an emulator created with `org:` and `orgProvider:` never loads it).
 */
import type { LineageIds } from "./org/lineage.js";
import type { Truth } from "./org/truth.js";
import type { Org, OrgSize } from "./org/types.js";

/** Generation, ground truth and mutation of an organisation. */
export interface OrgProvider {
  generate(seed: number, size: OrgSize): Org;
  /** Ground-truth inventory served by GET /__emulator/truth. */
  truth(org: Org, options?: { lineageIds?: LineageIds }): Truth;
  /** Changes `n` workbooks in place; returns their ids. */
  mutateWorkbooks(org: Org, n: number, seed: number): string[];
}

/** Loads the default provider (src/emulator/org). */
export async function defaultOrgProvider(): Promise<OrgProvider> {
  const mod = await import("./org/index.js");
  return {
    generate: (seed, size) => mod.generateOrg({ seed, size }),
    truth: (org, options) => mod.buildTruth(org, options),
    mutateWorkbooks: (org, n, seed) => mod.mutateWorkbooks(org, n, seed),
  };
}
