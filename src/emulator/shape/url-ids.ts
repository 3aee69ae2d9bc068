/**
 * 21-character urlIds (real shape). Sigma's urlIds are base62 numbers: most have 22 characters,
 * some 21 (a leading zero digit is not written; issue #8 lists both lengths). A seeded share of
 * urlIds is served without its first character, everywhere it appears: the document's urlId
 * field, `url`s, files' `parentUrlId`, lineage node ids and column ids, any body. Requests
 * that name a short urlId (path segment or query value) are read as the full one, so the
 * short form is the urlId as far as a client can tell.
 *
 * Only urlIds that are not also an id are shortened (workbooks, data models, datasets,
 * workspaces, folders, the root): a table's urlId is its inode id, which the ground truth
 * lists, and the truth does not change with the shape.
 */
import { draw } from "./draw.js";
import type { Org } from "../org/types.js";

const URL_ID = /^[0-9A-Za-z]{22}$/;
// A 22-character base62 token not inside a longer one (member ids have 29 characters).
const TOKEN = /(?<![0-9A-Za-z])[0-9A-Za-z]{22}(?![0-9A-Za-z])/g;

/** The urlIds served short, and the way back. */
export class ShortUrlIds {
  private readonly short = new Map<string, string>();
  private readonly full = new Map<string, string>();

  constructor(org: Org, seed: number, rate: number) {
    const ids = new Set<string>();
    for (const f of org.files) ids.add(f.id);
    for (const t of org.tables) ids.add(t.inodeId);
    for (const s of org.scopes ?? []) ids.add(s.inodeId);
    const candidates = new Set<string>();
    for (const f of org.files) if (f.urlId !== f.id) candidates.add(f.urlId);
    for (const w of org.workbooks) candidates.add(w.workbook.workbookUrlId);
    for (const d of org.dataModels) candidates.add(d.dataModel.dataModelUrlId);
    for (const w of org.workspaces) candidates.add(w.workspaceUrlId);
    if (org.rootFolderUrlId) candidates.add(org.rootFolderUrlId);
    const taken = new Set<string>([...ids, ...candidates]);
    for (const urlId of [...candidates].sort()) {
      if (!URL_ID.test(urlId) || ids.has(urlId) || draw(seed, "real", "urlId21", urlId) >= rate) continue;
      const s = urlId.slice(1);
      if (taken.has(s) || this.full.has(s)) continue;
      this.short.set(urlId, s);
      this.full.set(s, urlId);
    }
  }

  /** How many urlIds are served short. */
  get size(): number {
    return this.short.size;
  }

  /** The urlId as served (short or unchanged). */
  served(urlId: string): string {
    return this.short.get(urlId) ?? urlId;
  }

  /** `text` with every shortened urlId in its short form. */
  rewrite(text: string): string {
    if (this.short.size === 0) return text;
    return text.replace(TOKEN, (t) => this.short.get(t) ?? t);
  }

  /** The full urlId behind a request's value (unchanged when it is not a short urlId). */
  original(value: string): string {
    return this.full.get(value) ?? value;
  }
}
