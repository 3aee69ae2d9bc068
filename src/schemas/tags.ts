/** Version tags and account types (supporting lists). */
import { z } from "zod";
import { maybe } from "./reading.js";

/** A version tag (`GET /v2/tags`) as sigmactl reads it. */
export const VersionTagSchema = z.looseObject({
  versionTagId: z.string(),
  name: maybe(z.string()),
});
/** A version tag. */
export type VersionTag = z.infer<typeof VersionTagSchema>;

/** A version tag as Sigma's document describes it. */
export const VersionTagDocSchema = z.strictObject({
  versionTagId: z.string(),
  name: z.string(),
  ownerId: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  isArchived: z.boolean().optional(),
  description: z.string().optional(),
  color: z.enum(["cyan", "grass", "violet", "plum", "amber", "bronze"]).optional(),
});

/** An account type (`GET /v2/accountTypes`) as sigmactl reads it; members' `memberType` holds its name. */
export const AccountTypeSchema = z.looseObject({
  accountTypeId: z.string(),
  accountTypeName: maybe(z.string()),
});
/** An account type. */
export type AccountType = z.infer<typeof AccountTypeSchema>;

/** An account type as Sigma's document describes it. */
export const AccountTypeDocSchema = z.strictObject({
  accountTypeId: z.string(),
  accountTypeName: z.string(),
  description: z.string(),
  isCustom: z.boolean(),
});
