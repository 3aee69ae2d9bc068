/** File (inode) payloads: workspaces, folders, documents and tables in the file tree. */
import { z } from "zod";

/** `type` values the document declares for files (kept open in the schema). */
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

/** A file (`GET /v2/files`, `GET /v2/files/{inodeId}`). For documents, `id` equals the document id. */
export const SigmaFileSchema = z.looseObject({
  id: z.string(),
  urlId: z.string(),
  name: z.string(),
  /** One of {@link KNOWN_FILE_TYPES}, or a newer kind. */
  type: z.string(),
  parentId: z.string(),
  parentUrlId: z.string(),
  /** create | annotate | organize | explore | view | edit | apply (open). */
  permission: z.string(),
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
/** A file. */
export type SigmaFile = z.infer<typeof SigmaFileSchema>;

/** A member's recently opened file (`GET /v2/members/{memberId}/files/recents`): a file plus when they last used it. */
export const RecentFileSchema = SigmaFileSchema.extend({
  lastInteractionAt: z.string().optional(),
});
/** A recently opened file. */
export type RecentFile = z.infer<typeof RecentFileSchema>;
