/** Member (user) payloads. */
import { z } from "zod";

/** A member (`GET /v2.1/members`, `GET /v2/members/{memberId}`). */
export const MemberSchema = z.looseObject({
  organizationId: z.string(),
  memberId: z.string(),
  /** The account type's name (admin, creator, viewer, explorer or a custom one). */
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
  /** internal | guest | embed (open). */
  userKind: z.string(),
  /** Deactivated in Sigma. */
  isArchived: z.boolean().optional(),
  /** Deactivated through SCIM. */
  isInactive: z.boolean().optional(),
});
/** A member. */
export type Member = z.infer<typeof MemberSchema>;
