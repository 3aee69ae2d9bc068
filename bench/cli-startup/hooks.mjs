// Counts every module the process loads (bench/cli-startup/measure.sh): one URL per line to $COUNT_MODULES_FILE.
import { appendFileSync } from "node:fs";
const out = process.env.COUNT_MODULES_FILE;
export async function load(url, context, next) {
  if (out && url.startsWith("file:")) appendFileSync(out, url + "\n");
  return next(url, context);
}
