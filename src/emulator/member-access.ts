/**
 * What one member can access, has opened recently and has marked as favourite, for
 * /v2/members/{memberId}/files, .../recents and .../favorites (sigma-api-facts §5.5).
 *
 * The generated org has no grants, so access is derived from the seed and the member id (same
 * seed, same answers; nothing is stored):
 *  - the API caller sees exactly what /v2/files lists (its own view of the org);
 *  - another member sees every workspace if an admin, else each workspace with probability 1/2,
 *    with everything under it; plus the documents they own or created anywhere outside the
 *    caller's "My Documents" (private to the caller); plus every warehouse table;
 *  - workbooks hidden from the caller are never revealed (the API answers only what its caller
 *    may see, even about another member);
 *  - `permission` is the member's: "edit" on what they own or created and for admins, else
 *    drawn per workspace within what their account type allows (creator: up to edit,
 *    explorer: explore or view, viewer and custom types: view); tables: edit for admins,
 *    explore for creators and explorers, view otherwise.
 * Recents: 3-12 of the member's accessible documents (fewer when they have fewer), each with a
 * seeded `lastInteractionAt` between the document's last update and the org's epoch, newest
 * first. Favourites: 0-6 of them, in the org's file order.
 */
import type { MemberDoc as Member, SigmaFileDoc as SigmaFile } from "../schemas/index.js";
import type { OrgIndex } from "./org-index.js";
import { Rng } from "./org/rng.js";
import { EPOCH_MS, between, iso } from "./org/time.js";

/** Document types recents and favourites are drawn from. */
const DOCUMENT_TYPES = new Set(["workbook", "data-model", "dataset", "report"]);

const GRANTS: Record<string, readonly string[]> = {
  admin: ["edit"],
  creator: ["edit", "organize", "explore", "view"],
  explorer: ["explore", "view"],
};

/** A member's view of the org's files. */
export interface MemberAccess {
  /** The file as this member sees it (with their permission), or undefined when inaccessible. */
  view(file: SigmaFile): SigmaFile | undefined;
  /** Accessible documents, in the org's file order. */
  documents(): SigmaFile[];
}

/** A recently opened document, as the recents list answers it. */
export type RecentFile = SigmaFile & { lastInteractionAt: string };

/** The access of `member` over the org behind `index`. */
export function memberAccess(seed: number, index: OrgIndex, member: Member): MemberAccess {
  const org = index.org;
  const hidden = index.hidden;
  if (member.memberId === org.callerMemberId) {
    const view = (f: SigmaFile) => (hidden.has(f.id) ? undefined : f);
    return { view, documents: () => org.files.filter((f) => DOCUMENT_TYPES.has(f.type) && !f.isArchived && view(f)) };
  }
  const rng = new Rng(seed, `member-access:${member.memberId}`);
  const type = member.memberType;
  const grants = GRANTS[type] ?? ["view"];
  // One decision per workspace, in org order: a fixed number of draws whatever the outcome.
  const workspaces = new Map<string, string>();
  for (const w of org.workspaces) {
    const granted = rng.chance(0.5);
    const permission = rng.pick(grants);
    if (type === "admin" || granted) workspaces.set(w.workspaceId, permission);
  }
  const home = org.members.find((m) => m.memberId === org.callerMemberId)?.homeFolderId;
  const tablePermission = type === "admin" ? "edit" : type === "creator" || type === "explorer" ? "explore" : "view";
  const cache = new Map<string, SigmaFile | undefined>();
  const view = (f: SigmaFile): SigmaFile | undefined => {
    if (cache.has(f.id)) return cache.get(f.id);
    let out: SigmaFile | undefined;
    if (!hidden.has(f.id)) {
      const top = f.type === "workspace" ? f.id : index.ancestors(f.id).at(-1);
      const own = f.ownerId === member.memberId || f.createdBy === member.memberId;
      const underHome = top === home || f.id === home;
      if (f.type === "table") out = { ...f, permission: tablePermission };
      else if (own && !underHome) out = { ...f, permission: "edit" };
      else if (top !== undefined && workspaces.has(top)) out = { ...f, permission: workspaces.get(top) as string };
    }
    cache.set(f.id, out);
    return out;
  };
  return {
    view,
    documents: () => {
      const out: SigmaFile[] = [];
      for (const f of org.files) {
        if (!DOCUMENT_TYPES.has(f.type) || f.isArchived) continue;
        const v = view(f);
        if (v) out.push(v);
      }
      return out;
    },
  };
}

/** The member's recently opened documents, newest first. */
export function recentFiles(seed: number, access: MemberAccess, member: Member): RecentFile[] {
  const rng = new Rng(seed, `member-recents:${member.memberId}`);
  const docs = access.documents();
  const chosen = rng.sample(docs, rng.int(3, 12));
  const out = chosen.map((f) => {
    const from = Math.max(Date.parse(f.updatedAt), Date.parse(member.createdAt));
    return { ...f, lastInteractionAt: iso(between(rng, Math.min(from, EPOCH_MS), EPOCH_MS)) };
  });
  // ISO-8601 UTC strings of one format sort as times; ties keep a stable id order.
  return out.sort((a, b) => (a.lastInteractionAt === b.lastInteractionAt ? (a.id < b.id ? -1 : 1) : a.lastInteractionAt < b.lastInteractionAt ? 1 : -1));
}

/** The member's favourite documents, in the org's file order. */
export function favoriteFiles(seed: number, access: MemberAccess, member: Member): SigmaFile[] {
  const rng = new Rng(seed, `member-favorites:${member.memberId}`);
  const docs = access.documents();
  const ids = new Set(rng.sample(docs, rng.int(0, 6)).map((f) => f.id));
  return docs.filter((f) => ids.has(f.id));
}
