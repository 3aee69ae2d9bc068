/**
 * Emulator benchmarks: time and peak memory to generate `large`, and list-request throughput
 * over keep-alive with latency off (emulator in a child process, load from this one).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { repoRoot, tsxArgs } from "./util.js";

async function runChild(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [...tsxArgs, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}`);
  return out;
}

/** Generation of `large`: wall time and peak RSS of a process that only generates. */
export async function benchGenerate(size = "large"): Promise<Record<string, unknown>> {
  const out = await runChild(["bench/gen-org-child.ts", size]);
  const r = JSON.parse(out.trim().split("\n").pop()!) as Record<string, number>;
  return { ...r, targetMs: 5000, targetRssMB: 800, ok: r.generateMs! < 5000 && r.peakRssMB! < 800 };
}

/** Throughput of list requests against the emulator served by `sigmactl emulator` in a child process. */
export async function benchThroughput(durationS = 5): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [...tsxArgs, "src/cli/main.ts", "emulator", "--size", "medium", "--port", "0"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const rl = createInterface({ input: child.stdout });
    const [line] = (await once(rl, "line")) as [string];
    const { url, clientId, clientSecret } = JSON.parse(line) as { url: string; clientId: string; clientSecret: string };
    const tokenRes = await fetch(`${url}/v2/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const paths = ["/v2/workbooks?limit=50", "/v2.1/members?limit=50", "/v2/files?limit=50", "/v2/dataModels?limit=50"];
    const result = await autocannon({
      url,
      connections: 16,
      duration: durationS,
      pipelining: 1,
      headers: { authorization: `Bearer ${access_token}` },
      requests: paths.map((path) => ({ method: "GET" as const, path })),
    });
    const rps = result.requests.average;
    return {
      durationS,
      connections: 16,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      requestsPerSecond: Math.round(rps),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      target: 2000,
      ok: rps >= 2000 && result.non2xx === 0,
    };
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}
