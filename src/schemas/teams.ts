/** Team payloads. */
import { z } from "zod";

/** A team (`GET /v2.1/teams`). */
export const TeamSchema = z.looseObject({
  teamId: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** "public" | "private" in the document (kept open). */
  visibility: z.string(),
  isArchived: z.boolean().optional(),
});
/** A team. */
export type Team = z.infer<typeof TeamSchema>;

/** One entry of `GET /v2/teams/{teamId}/members`. */
export const TeamMemberSchema = z.looseObject({
  /** The member's `memberId`. */
  userId: z.string(),
  isTeamAdmin: z.boolean(),
  addedBy: z.string(),
});
/** A team membership. */
export type TeamMember = z.infer<typeof TeamMemberSchema>;
