/**
 * The generator functions the emulator needs, behind one interface so tests can serve a
 * hand-made Org. The default implementation is the generator in src/emulator/org, loaded on
 * first use (an emulator created with `org:` never loads it).
 */
import type { Org, OrgSize } from "./org/types.js";

/** Generation, ground truth and mutation of an organisation. */
export interface OrgProvider {
  generate(seed: number, size: OrgSize): Org;
  /** Ground-truth inventory served by GET /__emulator/truth. */
  truth(org: Org): unknown;
  /** Changes `n` workbooks in place; returns their ids. */
  mutateWorkbooks(org: Org, n: number, seed: number): string[];
}

/** Loads the default provider (src/emulator/org). */
export async function defaultOrgProvider(): Promise<OrgProvider> {
  // Non-literal specifier: the generator lands separately; resolve it at run time.
  const modulePath = "./org/index.js";
  const mod = (await import(modulePath)) as {
    generateOrg(args: { seed: number; size: OrgSize }): Org;
    buildTruth(org: Org): unknown;
    mutateWorkbooks(org: Org, n: number, seed: number): unknown;
  };
  return {
    generate: (seed, size) => mod.generateOrg({ seed, size }),
    truth: (org) => mod.buildTruth(org),
    mutateWorkbooks: (org, n, seed) => {
      const out = mod.mutateWorkbooks(org, n, seed);
      return Array.isArray(out) ? out.map(String) : [];
    },
  };
}
