/**
 * The system member real Sigma organisations list beside their people: `SigmaSchedulerRobot`,
 * whose id is not in the member-id format and who created itself (sigma-api-facts §5.2; issue #8).
 * It joins the org (members lists, GET /v2/members/{id}, truth) whenever the shape is not strict.
 *
 * Fields are a guess beyond the id and createdBy/updatedBy: it names an existing account type
 * (admin) so memberType still links; it has an email (members are joined by email) on Sigma's
 * own domain; it has no `homeFolderId` (a robot has no "My Documents" folder to point at), and
 * its timestamps are those of the organisation's first member.
 */
import type { MemberDoc as Member } from "../../schemas/index.js";
import type { Org } from "../org/types.js";

/** The system member's id, as real bodies carry it. */
export const SYSTEM_MEMBER_ID = "SigmaSchedulerRobot";

/** The system member of `org`. */
export function systemMember(org: Org): Member {
  const first = [...org.members].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))[0];
  const at = first?.createdAt ?? "2020-01-01T00:00:00.000Z";
  const admin = org.accountTypes?.find((t) => t.accountTypeName === "admin")?.accountTypeName ?? "admin";
  const robot = {
    organizationId: org.organizationId,
    memberId: SYSTEM_MEMBER_ID,
    memberType: admin,
    firstName: "Sigma",
    lastName: "Scheduler Robot",
    email: "scheduler-robot@sigmacomputing.com",
    profileImgUrl: null,
    createdBy: SYSTEM_MEMBER_ID,
    updatedBy: SYSTEM_MEMBER_ID,
    createdAt: at,
    updatedAt: at,
    userKind: "internal",
    isArchived: false,
    isInactive: false,
  };
  // Deliberately without homeFolderId (see above): the type says required, real Sigma does not.
  return robot as unknown as Member;
}

/** Adds the system member to `org` (once). */
export function addSystemMember(org: Org): void {
  if (!org.members.some((m) => m.memberId === SYSTEM_MEMBER_ID)) org.members.push(systemMember(org));
}
