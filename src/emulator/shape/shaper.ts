/**
 * The response stage of the dispatch pipeline that gives bodies their shape (modes.ts). It
 * runs after a route handler and before the GET cache, on 200 answers of Sigma routes only
 * (control routes and error bodies are never shaped). Each route declares what its body
 * holds (routes/types.ts); the org and the truth stay full-fidelity, shaping happens on the
 * way out. In the real shape, requests naming a 21-character urlId are read back first.
 */
import type { EmuRequest, EmuResponse } from "../http.js";
import type { OrgIndex } from "../org-index.js";
import type { Org } from "../org/types.js";
import { applyChaos } from "./chaotic.js";
import { entityKey, type ItemKind, type ItemSpec } from "./kinds.js";
import type { Shape } from "./modes.js";
import { applyReal, type RealContext } from "./real.js";
import { addSystemMember } from "./system-member.js";
import { ShapeTally } from "./tally.js";
import { ShortUrlIds } from "./url-ids.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Shapes answers for one emulator. */
export class Shaper {
  readonly tally: ShapeTally;
  private urlIds: ShortUrlIds | undefined;
  private index: OrgIndex | undefined;
  private readonly workspaces = new Map<string, string | undefined>();

  constructor(
    readonly shape: Shape,
    private readonly seed: number,
    private readonly rate: number,
  ) {
    this.tally = new ShapeTally(shape);
  }

  /** Adopts a (new) org: adds the system member outside strict, rebuilds the urlId table. */
  prepare(org: Org): void {
    if (this.shape !== "strict") addSystemMember(org);
  }

  /** Follows the org's index (after generation, reset or mutation). */
  attach(org: Org, index: OrgIndex): void {
    this.index = index;
    this.workspaces.clear();
    this.urlIds = this.shape === "real" ? new ShortUrlIds(org, this.seed, this.rate) : undefined;
    this.tally.shortUrlIds = this.urlIds?.size ?? 0;
  }

  /** Reads a request's short urlIds (path segments, query values) as the full ones, in place. */
  incoming(req: EmuRequest): void {
    const ids = this.urlIds;
    if (!ids || ids.size === 0) return;
    const path = req.path.split("/").map((s) => ids.original(s)).join("/");
    if (path !== req.path) req.path = path;
    let changed = false;
    const query = new URLSearchParams();
    for (const [k, v] of req.query) {
      const full = ids.original(v);
      if (full !== v) changed = true;
      query.append(k, full);
    }
    if (changed) req.query = query;
  }

  /** The answer with its body shaped (unchanged in strict, for errors and unshaped routes). */
  outgoing(res: EmuResponse, items: ItemSpec, params: Record<string, string>): EmuResponse {
    if (this.shape === "strict" || items === null || res.status !== 200 || typeof res.body !== "string") return res;
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return res;
    }
    const shapeOne = (item: unknown) => (isObj(item) ? this.item(items.kind, item, params) : item);
    if (items.form === "one") body = shapeOne(body);
    else if (Array.isArray(body)) body = body.map(shapeOne);
    else if (isObj(body) && Array.isArray(body.entries)) body = { ...body, entries: body.entries.map(shapeOne) };
    let text = JSON.stringify(body);
    if (this.urlIds) text = this.urlIds.rewrite(text);
    return { ...res, body: text };
  }

  private item(kind: ItemKind, item: Obj, params: Record<string, string>): Obj {
    const key = entityKey(kind, item, params);
    this.tally.begin();
    const out =
      this.shape === "real"
        ? applyReal(kind, item, key, this.realContext())
        : applyChaos(kind, item, key, { seed: this.seed, rate: this.rate, tally: this.tally });
    this.tally.end(kind);
    return out;
  }

  private realContext(): RealContext {
    return { seed: this.seed, rate: this.rate, tally: this.tally, workspaceOf: (id) => this.workspaceOf(id) };
  }

  /** The workspace above a document's file, memoised per org version. */
  private workspaceOf(documentId: string): string | undefined {
    if (this.workspaces.has(documentId)) return this.workspaces.get(documentId);
    const index = this.index;
    let found: string | undefined;
    if (index) {
      for (const id of index.ancestors(documentId)) {
        if (index.file(id)?.type === "workspace") {
          found = id;
          break;
        }
      }
    }
    this.workspaces.set(documentId, found);
    return found;
  }
}
