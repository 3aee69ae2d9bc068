/** File (inode) payloads: workspaces, folders, documents and tables in the file tree. */
import { z } from "zod";
import { maybe } from "./reading.js";

/** `type` values the document declares for files (the reader keeps `type` open). */
export const KNOWN_FILE_TYPES = [
  "workspace",
  "folder",
  "workbook",
  "dataset",
  "data-model",
  "sql",
  "worksheet",
  "dashboard",
  "template",
  "table",
  "symlink",
  "report",
] as const;

/** `permission` values the document declares for files. */
export const KNOWN_FILE_PERMISSIONS = ["create", "annotate", "organize", "explore", "view", "edit", "apply"] as const;

/**
 * A file (`GET /v2/files`, `GET /v2/files/{inodeId}`) as sigmactl reads it. For documents, `id`
 * equals the document id. `badge` is any string or null (real: "Endorsed", "Warning", "Deprecated").
 */
export const SigmaFileSchema = z.looseObject({
  id: z.string(),
  urlId: maybe(z.string()),
  name: maybe(z.string()),
  /** One of {@link KNOWN_FILE_TYPES}, or a newer kind. */
  type: maybe(z.string()),
  parentId: maybe(z.string()),
  path: maybe(z.string()),
  badge: maybe(z.string()),
  isArchived: maybe(z.boolean()),
});
/** A file. */
export type SigmaFile = z.infer<typeof SigmaFileSchema>;

/** A file as Sigma's document describes it. */
export const SigmaFileDocSchema = z.strictObject({
  id: z.string(),
  urlId: z.string(),
  name: z.string(),
  type: z.enum(KNOWN_FILE_TYPES),
  parentId: z.string(),
  parentUrlId: z.string(),
  permission: z.enum(KNOWN_FILE_PERMISSIONS),
  path: z.string(),
  badge: z.string().nullable(),
  isArchived: z.boolean(),
  description: z.string().optional(),
  ownerId: z.string().nullable().optional(),
  parentSourceUrlId: z.string().optional(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/**
 * A documented file. Its enum fields are typed as strings: the emulator picks those words from
 * its own tables, and the conformance tests check them against the document.
 */
export type SigmaFileDoc = Omit<z.infer<typeof SigmaFileDocSchema>, "type" | "permission"> & { type: string; permission: string };

/** A member's recently opened file (`GET /v2/members/{memberId}/files/recents`): a file plus when they last used it. */
export const RecentFileSchema = SigmaFileSchema.extend({
  lastInteractionAt: maybe(z.string()),
});
/** A recently opened file. */
export type RecentFile = z.infer<typeof RecentFileSchema>;
/** A recently opened file as Sigma's document describes it. */
export const RecentFileDocSchema = SigmaFileDocSchema.extend({
  lastInteractionAt: z.string().optional(),
});
