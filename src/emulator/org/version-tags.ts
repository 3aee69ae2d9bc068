/** Organisation-level version tags, and picking the tags a workbook or data model carries. */
import type { GenContext } from "./context.js";
import { VERSION_TAG_NAMES } from "./names.js";
import type { Rng } from "./rng.js";
import { between, createdUpdated, iso } from "./time.js";
import type { VersionTag } from "./types.js";

const TAG_COLORS = ["cyan", "grass", "violet", "plum", "amber", "bronze"];

/** The org's version tags (Production, Staging, ...). */
export function buildVersionTags(ctx: GenContext): VersionTag[] {
  const rng = ctx.stream("version-tags");
  return VERSION_TAG_NAMES.map((name, i) => {
    const owner = rng.pick(ctx.authors);
    const t = createdUpdated(rng, 1000);
    return {
      versionTagId: ctx.ids.uuid(),
      name,
      color: TAG_COLORS[i % TAG_COLORS.length]!,
      description: `${name} version of certified content`,
      ownerId: owner,
      createdBy: owner,
      updatedBy: owner,
      createdAt: iso(t.createdMs),
      updatedAt: iso(t.updatedMs),
    };
  });
}

/** One or two tags for a document: which tag, the tagged version and when it was tagged. */
export function pickTags(
  rng: Rng,
  versionTags: VersionTag[],
  latestVersion: number,
  fromMs: number,
  toMs: number,
): Array<{ tag: VersionTag; version: number; at: string }> {
  return rng.sample(versionTags, rng.int(1, 2)).map((tag) => ({
    tag,
    version: rng.int(1, latestVersion),
    at: iso(between(rng, fromMs, toMs)),
  }));
}
