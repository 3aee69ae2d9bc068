/** sigmactl's own version, read once from package.json. */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The version field of sigmactl's package.json. */
export function packageVersion(): string {
  // src/cli and dist/cli are both two levels below the package root.
  cached ??= (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return cached;
}
