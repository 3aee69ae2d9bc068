/**
 * The file tree: workspaces, their folders and the caller's "My Documents". Documents are
 * placed in a `Location`, whose `childPath` becomes their `path`, so a path always spells the
 * names of the ancestors.
 */
import type { SigmaFileDoc as SigmaFile, WorkspaceDoc as Workspace } from "../../schemas/index.js";
import type { GenContext } from "./context.js";
import { DOMAINS, FOLDER_NAMES, UniqueNamer } from "./names.js";
import type { Rng } from "./rng.js";
import { createdUpdated, iso } from "./time.js";

/** A place documents can live in: a workspace, a folder or "My Documents". */
export interface Location {
  id: string;
  urlId: string;
  /** Path of documents placed here: the names of this location and its ancestors, "/"-joined. */
  childPath: string;
  depth: number;
  /** Creation time: children are never older. */
  createdMs: number;
}

/** Fields every file shares, in Sigma's order. */
export function makeFile(args: {
  id: string;
  urlId: string;
  name: string;
  type: string;
  parent: { id: string; urlId: string };
  path: string;
  ownerId: string | null;
  createdBy: string;
  updatedBy: string;
  createdMs: number;
  updatedMs: number;
  isArchived?: boolean;
  permission?: string;
  description?: string;
}): SigmaFile {
  const file: SigmaFile = {
    id: args.id,
    urlId: args.urlId,
    name: args.name,
    type: args.type,
    parentId: args.parent.id,
    parentUrlId: args.parent.urlId,
    permission: args.permission ?? "edit",
    path: args.path,
    badge: null,
    isArchived: args.isArchived ?? false,
    ownerId: args.ownerId,
    createdBy: args.createdBy,
    updatedBy: args.updatedBy,
    createdAt: iso(args.createdMs),
    updatedAt: iso(args.updatedMs),
  };
  if (args.description !== undefined) file.description = args.description;
  return file;
}

/** The result of building the tree. */
export interface FileTree {
  workspaces: Workspace[];
  files: SigmaFile[];
  /** Where documents may go; index 0 is the caller's "My Documents". */
  locations: Location[];
}

/** Builds workspaces, folders and the caller's home folder. */
export function buildFileTree(ctx: GenContext, root: { id: string; urlId: string }, homeFolderId: string): FileTree {
  const rng = ctx.stream("files");
  const files: SigmaFile[] = [];
  const workspaces: Workspace[] = [];
  const caller = ctx.callerMemberId;

  const home = createdUpdated(rng, 1200);
  const homeUrlId = ctx.ids.urlId();
  files.push(
    makeFile({
      id: homeFolderId, urlId: homeUrlId, name: "My Documents", type: "folder", parent: root, path: "",
      ownerId: caller, createdBy: caller, updatedBy: caller, createdMs: home.createdMs, updatedMs: home.updatedMs,
    }),
  );
  const locations: Location[] = [{ id: homeFolderId, urlId: homeUrlId, childPath: "My Documents", depth: 1, createdMs: home.createdMs }];

  const wsNames = new UniqueNamer();
  for (let w = 0; w < ctx.size.workspaces; w++) {
    const domain = DOMAINS[w % DOMAINS.length] as string;
    const name = wsNames.name(w < DOMAINS.length ? domain : `${domain} ${rng.pick(["Analytics", "Team", "Shared", "Projects"])}`);
    const owner = rng.pick(ctx.authors);
    const t = createdUpdated(rng, 1100);
    const ws: Workspace = {
      workspaceId: ctx.ids.uuid(),
      workspaceUrlId: ctx.ids.urlId(),
      name,
      createdBy: owner,
      updatedBy: owner,
      createdAt: iso(t.createdMs),
      updatedAt: iso(t.updatedMs),
    };
    workspaces.push(ws);
    files.push(
      makeFile({
        id: ws.workspaceId, urlId: ws.workspaceUrlId, name, type: "workspace", parent: root, path: "",
        ownerId: owner, createdBy: owner, updatedBy: owner, createdMs: t.createdMs, updatedMs: t.updatedMs,
      }),
    );
    const wsLoc: Location = { id: ws.workspaceId, urlId: ws.workspaceUrlId, childPath: name, depth: 1, createdMs: t.createdMs };
    locations.push(wsLoc);
    addFolders(ctx, rng, wsLoc, files, locations);
  }
  return { workspaces, files, locations };
}

// Folders hang off the workspace or an earlier folder of it, up to the size's depth.
function addFolders(ctx: GenContext, rng: Rng, ws: Location, files: SigmaFile[], locations: Location[]): void {
  const inWorkspace: Location[] = [ws];
  const namers = new Map<string, UniqueNamer>();
  const count = rng.int(Math.max(1, ctx.size.foldersPerWorkspace >> 1), ctx.size.foldersPerWorkspace);
  for (let i = 0; i < count; i++) {
    const candidates = inWorkspace.filter((l) => l.depth < ctx.size.folderDepth);
    const parent = rng.pick(candidates);
    let namer = namers.get(parent.id);
    if (!namer) namers.set(parent.id, (namer = new UniqueNamer()));
    const name = namer.name(rng.pick(FOLDER_NAMES));
    const owner = rng.pick(ctx.authors);
    const t = createdUpdated(rng, 1000, parent.createdMs);
    const folder: Location = {
      id: ctx.ids.uuid(),
      urlId: ctx.ids.urlId(),
      childPath: `${parent.childPath}/${name}`,
      depth: parent.depth + 1,
      createdMs: t.createdMs,
    };
    files.push(
      makeFile({
        id: folder.id, urlId: folder.urlId, name, type: "folder", parent, path: parent.childPath,
        ownerId: owner, createdBy: owner, updatedBy: owner, createdMs: t.createdMs, updatedMs: t.updatedMs,
      }),
    );
    inWorkspace.push(folder);
    locations.push(folder);
  }
}

/** Picks where a new document goes: mostly workspaces and folders, sometimes "My Documents". */
export function pickLocation(rng: Rng, locations: Location[]): Location {
  if (rng.chance(0.06)) return locations[0] as Location;
  return locations[1 + Math.floor(rng.next() * (locations.length - 1))] as Location;
}
