/** Member (user) payloads. */
import { z } from "zod";
import { maybe } from "./reading.js";

/**
 * A member (`GET /v2.1/members`, `GET /v2/members/{memberId}`) as sigmactl reads it. Real
 * organisations list system members (e.g. `SigmaSchedulerRobot`) with ids in another format.
 */
export const MemberSchema = z.looseObject({
  memberId: z.string(),
  /** The account type's name (admin, creator, viewer, explorer or a custom one). */
  memberType: maybe(z.string()),
  firstName: maybe(z.string()),
  lastName: maybe(z.string()),
  email: maybe(z.string()),
  isArchived: maybe(z.boolean()),
  isInactive: maybe(z.boolean()),
});
/** A member. */
export type Member = z.infer<typeof MemberSchema>;

/** A member as Sigma's document describes it. */
export const MemberDocSchema = z.strictObject({
  organizationId: z.string(),
  memberId: z.string(),
  memberType: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  profileImgUrl: z.string().nullable(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The member's "My Documents" folder. */
  homeFolderId: z.string(),
  /** internal | guest | embed (open in the document). */
  userKind: z.string(),
  /** Deactivated in Sigma. */
  isArchived: z.boolean().optional(),
  /** Deactivated through SCIM. */
  isInactive: z.boolean().optional(),
});
/** A documented member. */
export type MemberDoc = z.infer<typeof MemberDocSchema>;
