// Refresh Sigma from a Node.js pipeline step with the library (npm install sigmactl).
//
//   SIGMA_CLOUD=aws-us SIGMA_CLIENT_ID=... SIGMA_CLIENT_SECRET_FILE=... node refresh-after-load.mjs "Sales Overview"
//
// Prints one line per job and exits 1 unless every job is ready.
import { SigmaClient, materialize, resolveConfig, SigmaError } from "sigmactl";

const workbooks = process.argv.slice(2);
if (workbooks.length === 0) {
  console.error("usage: node refresh-after-load.mjs <workbook> [<workbook>...]");
  process.exit(3);
}
try {
  const client = new SigmaClient(resolveConfig({ env: process.env }));
  const result = await materialize({
    client,
    targets: workbooks.map((ref) => ({ kind: "workbook", ref })),
    timeoutMs: 45 * 60_000,
    onEvent: (e) => e.type === "job" && console.error(`${e.job.documentName} / ${e.job.elementName}: ${e.job.status}`),
  });
  for (const j of result.jobs) console.log(`${j.documentName}\t${j.elementName}\t${j.status}`);
  console.log(`outcome: ${result.outcome}`);
  process.exitCode = result.outcome === "ready" ? 0 : 1;
} catch (err) {
  // SigmaError messages are written for people (and redacted); anything else is a bug.
  console.error(err instanceof SigmaError ? `error: ${err.message}` : err);
  process.exitCode = err instanceof SigmaError ? 3 : 70;
}
