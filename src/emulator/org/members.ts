/**
 * Members (every account type and user kind, some archived or inactive), account types and
 * teams. The first members are fixed so even a tiny org covers every kind.
 */
import type { MemberDoc as Member } from "../../schemas/index.js";
import type { GenContext } from "./context.js";
import { CUSTOM_ACCOUNT_TYPES, DOMAINS, FIRST_NAMES, LAST_NAMES, TEAM_EXTRAS, UniqueNamer } from "./names.js";
import { createdUpdated, iso } from "./time.js";
import type { AccountType, TeamRecord } from "./types.js";

const BUILT_IN_TYPES = ["admin", "creator", "explorer", "viewer"] as const;

// The first five members: caller (admin), then one of each other type, kind and state.
const FIXED: Array<{ type: string; kind: string; archived?: boolean; inactive?: boolean }> = [
  { type: "admin", kind: "internal" },
  { type: "creator", kind: "internal" },
  { type: "explorer", kind: "guest", archived: true },
  { type: "viewer", kind: "embed" },
  { type: "custom", kind: "internal", inactive: true },
];

/** Account types: the four built-ins plus the custom ones. */
export function buildAccountTypes(ctx: GenContext): AccountType[] {
  const builtIn = BUILT_IN_TYPES.map((name) => ({
    accountTypeId: ctx.ids.uuid(),
    accountTypeName: name,
    description: `Built-in ${name} account type`,
    isCustom: false,
  }));
  const custom = CUSTOM_ACCOUNT_TYPES.map((name) => ({
    accountTypeId: ctx.ids.uuid(),
    accountTypeName: name,
    description: `Custom account type for ${name.toLowerCase()}s`,
    isCustom: true,
  }));
  return [...builtIn, ...custom];
}

/** Members; sets the caller and the authors pool on the context. */
export function buildMembers(ctx: GenContext): Member[] {
  const rng = ctx.stream("members");
  const emails = new UniqueNamer();
  const partnerDomain = `${rng.pick(["contoso", "fabrikam", "tailspin", "wingtip", "adventure-works"])}.com`;
  const out: Member[] = [];
  for (let i = 0; i < ctx.size.members; i++) {
    const fixed = FIXED[i];
    let type = fixed?.type ?? rng.weighted(["viewer", "explorer", "creator", "admin", "custom"], [45, 25, 20, 3, 7]);
    if (type === "custom") type = rng.pick(CUSTOM_ACCOUNT_TYPES);
    const kind = fixed?.kind ?? rng.weighted(["internal", "guest", "embed"], [85, 8, 7]);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = emails.name(`${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "")).replace(" ", "");
    const domain = kind === "guest" ? partnerDomain : kind === "embed" ? `embed.${ctx.emailDomain}` : ctx.emailDomain;
    const memberId = ctx.ids.memberId();
    if (i === 0) {
      ctx.callerMemberId = memberId;
      ctx.callerEmail = `${local}@${domain}`;
    }
    const { createdMs, updatedMs } = createdUpdated(rng, 1200);
    const archived = fixed ? fixed.archived === true : i > 0 && rng.chance(0.06);
    const inactive = fixed ? fixed.inactive === true : i > 0 && !archived && rng.chance(0.03);
    const member: Member = {
      organizationId: ctx.organizationId,
      memberId,
      memberType: type,
      firstName: first,
      lastName: last,
      email: `${local}@${domain}`,
      profileImgUrl: rng.chance(0.3) ? `https://profile-images.sigmacomputing.com/${ctx.organizationId}/${memberId}.png` : null,
      createdBy: i === 0 ? memberId : ctx.callerMemberId,
      updatedBy: i === 0 ? memberId : ctx.callerMemberId,
      createdAt: iso(createdMs),
      updatedAt: iso(updatedMs),
      homeFolderId: ctx.ids.uuid(),
      userKind: kind,
      isArchived: archived,
      isInactive: inactive,
    };
    out.push(member);
    if ((type === "admin" || type === "creator") && !archived && !inactive && kind === "internal") ctx.authors.push(memberId);
  }
  return out;
}

/** Teams with members drawn from the active members. */
export function buildTeams(ctx: GenContext, members: Member[]): TeamRecord[] {
  const rng = ctx.stream("teams");
  const names = [...DOMAINS, ...TEAM_EXTRAS];
  const namer = new UniqueNamer();
  const active = members.filter((m) => !m.isArchived && !m.isInactive);
  const teams: TeamRecord[] = [];
  const perTeam = Math.max(2, Math.min(60, Math.round((members.length / Math.max(1, ctx.size.teams)) * 2)));
  for (let i = 0; i < ctx.size.teams; i++) {
    const base = names[i % names.length] as string;
    const name = namer.name(i < names.length ? base : `${base} ${rng.pick(["West", "East", "North", "South", "Central"])}`);
    const { createdMs, updatedMs } = createdUpdated(rng, 1000);
    const chosen = rng.sample(active, rng.int(2, perTeam));
    const admin = chosen[0]?.memberId ?? ctx.callerMemberId;
    teams.push({
      team: {
        teamId: ctx.ids.uuid(),
        createdBy: ctx.callerMemberId,
        updatedBy: ctx.callerMemberId,
        createdAt: iso(createdMs),
        updatedAt: iso(updatedMs),
        name,
        description: rng.chance(0.7) ? `${name} team members` : null,
        visibility: rng.chance(0.7) ? "public" : "private",
        isArchived: i >= 2 && rng.chance(0.05),
      },
      members: chosen.map((m, j) => ({
        userId: m.memberId,
        isTeamAdmin: j === 0 || rng.chance(0.08),
        addedBy: j === 0 ? ctx.callerMemberId : admin,
      })),
    });
  }
  return teams;
}
