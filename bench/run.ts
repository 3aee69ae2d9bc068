/**
 * `npm run bench [-- name...]`: runs the benchmarks side by side in one process and prints
 * one JSON document with every figure (and writes it to bench/results/<date>.json).
 * Names: generate, throughput, materialize, extract, resilience (default: all).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { benchGenerate, benchThroughput } from "./emulator.js";
import { repoRoot } from "./util.js";

type Bench = () => Promise<Record<string, unknown>>;

const benches: Record<string, Bench> = {
  generate: () => benchGenerate("large"),
  throughput: () => benchThroughput(5),
  materialize: async () => (await import("./materialize.js")).benchMaterialize(),
  extract: async () => (await import("./extract.js")).benchExtract(),
  resilience: async () => (await import("./resilience.js")).benchResilience(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length > 0 ? wanted : Object.keys(benches);
const unknown = names.filter((n) => !(n in benches));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${Object.keys(benches).join(", ")}\n`);
  process.exitCode = 3;
} else {
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };
  for (const name of names) {
    process.stderr.write(`bench: ${name}...\n`);
    const t0 = performance.now();
    try {
      const figures = await benches[name]!();
      results[name] = { ...figures, benchWallMs: Math.round(performance.now() - t0) };
      // A missed target fails the run, so CI or a person cannot mistake it for a pass.
      if (figures.ok === false) {
        process.stderr.write(`bench: ${name}: TARGET MISSED\n`);
        process.exitCode = 1;
      }
    } catch (err) {
      results[name] = { error: err instanceof Error ? err.message : String(err) };
      process.exitCode = 1;
    }
    process.stderr.write(`bench: ${name}: ${JSON.stringify(results[name])}\n`);
  }
  const dir = resolve(repoRoot, "bench/results");
  await mkdir(dir, { recursive: true });
  const file = resolve(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(file, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  process.stderr.write(`bench: results written to ${file}\n`);
}
