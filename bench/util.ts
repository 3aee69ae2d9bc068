/** Shared bits of the benchmark scripts. */
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

/** Absolute path of the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Node arguments that run a TypeScript entry point through tsx. */
export const tsxArgs = ["--import", "tsx"];
