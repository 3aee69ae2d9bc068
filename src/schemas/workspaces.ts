/** Workspace payloads. */
import { z } from "zod";

/** A workspace (`GET /v2.1/workspaces`). */
export const WorkspaceSchema = z.looseObject({
  workspaceId: z.string(),
  workspaceUrlId: z.string(),
  name: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A workspace. */
export type Workspace = z.infer<typeof WorkspaceSchema>;
