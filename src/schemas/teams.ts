/** Team payloads. */
import { z } from "zod";
import { maybe } from "./reading.js";

/** A team (`GET /v2.1/teams`) as sigmactl reads it. */
export const TeamSchema = z.looseObject({
  teamId: z.string(),
  name: maybe(z.string()),
});
/** A team. */
export type Team = z.infer<typeof TeamSchema>;

/** A team as Sigma's document describes it. */
export const TeamDocSchema = z.strictObject({
  teamId: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  visibility: z.enum(["public", "private"]),
  isArchived: z.boolean().optional(),
});
/** A documented team. */
export type TeamDoc = z.infer<typeof TeamDocSchema>;

/** One entry of `GET /v2/teams/{teamId}/members` (reader). */
export const TeamMemberSchema = z.looseObject({
  /** The member's `memberId`. */
  userId: z.string(),
  isTeamAdmin: maybe(z.boolean()),
});
/** A team membership. */
export type TeamMember = z.infer<typeof TeamMemberSchema>;

/** A documented team membership. */
export const TeamMemberDocSchema = z.strictObject({
  userId: z.string(),
  isTeamAdmin: z.boolean(),
  addedBy: z.string(),
});
/** A documented team membership. */
export type TeamMemberDoc = z.infer<typeof TeamMemberDocSchema>;

/** One team (`GET /v2/teams/{teamId}`): the team with its members' ids. */
export const TeamWithMembersSchema = TeamSchema.extend({
  members: maybe(z.array(z.string())),
});
/** A team with its members' ids. */
export type TeamWithMembers = z.infer<typeof TeamWithMembersSchema>;
/** One team as Sigma's document describes it. */
export const TeamWithMembersDocSchema = TeamDocSchema.extend({
  members: z.array(z.string()),
});
