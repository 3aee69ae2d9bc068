/**
 * Child process for the generation benchmark: generates one organisation and reports its own
 * time and peak RSS, so the figure is not polluted by the bench runner's memory.
 */
import { generateOrg } from "../src/emulator/org/generate.js";
import type { OrgSize } from "../src/emulator/org/types.js";

const size = (process.argv[2] ?? "large") as OrgSize;
const seed = Number(process.argv[3] ?? "1");
const t0 = performance.now();
const org = generateOrg({ seed, size });
const ms = performance.now() - t0;
const elements = org.workbooks.reduce((n, w) => n + w.elements.length, 0);
const pages = org.workbooks.reduce((n, w) => n + w.pages.length, 0);
process.stdout.write(
  JSON.stringify({
    size,
    generateMs: Math.round(ms),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    workbooks: org.workbooks.length,
    pages,
    elements,
    dataModels: org.dataModels.length,
    members: org.members.length,
    files: org.files.length,
  }) + "\n",
);
