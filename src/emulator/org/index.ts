/** The emulator's invented organisation: generation, ground truth and mutations. */
export { generateOrg, type GenerateOrgOptions } from "./generate.js";
export { buildTruth, type Truth, type TruthSchedule } from "./truth.js";
export { mutateWorkbooks } from "./mutate.js";
export { SIZES, isOrgSize, type SizeProfile } from "./sizes.js";
export type * from "./types.js";
