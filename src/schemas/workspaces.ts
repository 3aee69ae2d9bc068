/** Workspace payloads. */
import { z } from "zod";
import { maybe } from "./reading.js";

/** A workspace (`GET /v2.1/workspaces`) as sigmactl reads it; real lists may omit `workspaceUrlId`. */
export const WorkspaceSchema = z.looseObject({
  workspaceId: z.string(),
  workspaceUrlId: maybe(z.string()),
  name: maybe(z.string()),
});
/** A workspace. */
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** A workspace as Sigma's document describes it. */
export const WorkspaceDocSchema = z.strictObject({
  workspaceId: z.string(),
  workspaceUrlId: z.string(),
  name: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A documented workspace. */
export type WorkspaceDoc = z.infer<typeof WorkspaceDocSchema>;
