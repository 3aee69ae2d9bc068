/**
 * The public surface is a reviewed list: etc/sigmactl.api.md records it, and this test fails
 * when the code's surface differs, so that every change to it is a visible diff.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildReport, REPORT_PATH } from "../../scripts/api-report.js";

describe("public API report", () => {
  const report = buildReport();

  it(`${REPORT_PATH} matches the surface the package ships (run \`npm run api-report\` and review the diff)`, () => {
    expect(report).toBe(readFileSync(REPORT_PATH, "utf8"));
  });

  it("exports what users need and nothing internal", () => {
    const exported = (entry: string) => {
      const section = report.split(`## ${entry}\n`)[1]?.split("\n## ")[0] ?? "";
      return new Set([...section.matchAll(/^\/\/ (\w+)/gm)].map((m) => m[1]));
    };
    const main = exported("sigmactl");
    for (const name of ["SigmaClient", "resolveConfig", "Workbooks", "materialize", "waitForJobs", "extract", "upload", "buildLineageGraph", "lineageOf", "SigmaApiError", "LocalIoError", "MaterializeResult", "Workbook"]) {
      expect(main, name).toContain(name);
    }
    for (const name of ["pyJsonDumps", "registerSecret", "redact", "path", "targetsFromFlags", "resolveUploadConfig", "parsePollInterval", "WorkbookSchema", "WorkbookDoc", "ENDPOINTS"]) {
      expect(main, name).not.toContain(name);
    }
    const emulator = exported("sigmactl/emulator");
    for (const name of ["createEmulator", "Emulator", "EmulatorOptions", "EmulatorTruth", "ManualClock"]) expect(emulator, name).toContain(name);
    for (const name of ["parseFaultSpec", "PROTECTED", "isLoopbackListenHost", "OrgProvider"]) expect(emulator, name).not.toContain(name);
  });

  it("emu.truth() is typed (EmulatorTruth), not unknown", () => {
    expect(report).toMatch(/truth\(\): EmulatorTruth;/);
  });
});
