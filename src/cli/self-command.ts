/**
 * How the user should type sigmactl in the hints we print: from a clone (running the
 * TypeScript sources through tsx, e.g. `npm run demo`) `sigmactl` is not on the PATH and
 * `npx sigmactl` would fetch a package from the registry, so hints say `npm run sigmactl --`.
 */

/** True when this process runs sigmactl from its TypeScript sources (a clone of the repository). */
export function runningFromSources(moduleUrl: string = import.meta.url): boolean {
  return moduleUrl.endsWith(".ts");
}

/** The command prefix to show in hints: `npm run sigmactl --` from a clone, else `sigmactl`. */
export function selfCommand(moduleUrl: string = import.meta.url): string {
  return runningFromSources(moduleUrl) ? "npm run sigmactl --" : "sigmactl";
}
