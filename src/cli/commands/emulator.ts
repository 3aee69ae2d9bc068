/**
 * `sigmactl emulator`: runs the local Sigma API emulator on a loopback port until SIGINT/SIGTERM.
 * Flag parsing and start-up belong to the emulator (src/emulator/cli-start.ts); this file only
 * declares the flags and hands over the CLI's streams and shutdown signal.
 */
import type { Command } from "commander";
import type { EmulatorCliFlags } from "../../emulator/cli-options.js";
import type { CliContext } from "../context.js";
import { examples } from "../program.js";

/** Registers `emulator`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("emulator")
    .description("run the local Sigma API emulator; prints one JSON line {url, clientId, clientSecret} on stdout")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 = any free port)", "0")
    .option("--seed <n>", "seed of the generated organisation (same seed, same org)", "1")
    .option("--size <size>", "organisation size: tiny, small, medium, large or xl", "small")
    .option("--token-ttl <seconds>", "access-token lifetime (Sigma: 3600)")
    .option("--latency <ms[:jitter]>", "added delay on every answer, e.g. 50 or 50:20")
    .option("--rate-limit <rps[:burst]>", "per-client token bucket answering 429, e.g. 20 or 20:40")
    .option("--max-in-flight <n>", "answer 429 above this many requests in flight")
    .option("--faults <spec>", "injected faults, e.g. 5xx=0.1,429=0.05,reset=0.01,slow=0.02:1500,revoke=0.001,retry-after=0.5")
    .option("--materialization-time <min:max>", "materialization duration range in seconds (default 2:8)")
    .option("--materialization-fail-rate <p>", "share of materializations that fail, 0 to 1")
    .option("--concurrent-trigger <mode>", "trigger while a run is going: new-job (default) or conflict (409)")
    .option("--legacy-lists <mode>", "legacy /v2 lists without limit: paginated (Sigma after 2026-06-02, default) or array")
    .addHelpText(
      "after",
      examples([
        ["sigmactl emulator", "a small organisation on a free port; Ctrl-C to stop"],
        ["sigmactl emulator --size tiny --port 8080 --seed 7", "a fixed port and a different organisation"],
        ["sigmactl emulator --faults 5xx=0.1,429=0.05 --latency 50:20", "a flaky, slow API to test retries against"],
        [
          "sigmactl emulator > emu.json & sleep 2; sigmactl whoami --base-url $(jq -r .url emu.json) --client-id $(jq -r .clientId emu.json)",
          "use it from another command (secret via SIGMA_CLIENT_SECRET=$(jq -r .clientSecret emu.json))",
        ],
      ]),
    )
    .action(async (flags: EmulatorCliFlags) => {
      // Lazy: only this command (and demo) load the emulator and its generator.
      const { startEmulatorFromCli } = await import("../../emulator/cli-start.js");
      // The printed credentials are the emulator's own made-up ones: showing them is the point.
      await startEmulatorFromCli(flags, { stdout: ctx.stdout, stderr: ctx.stderr, signal: ctx.signal });
    });
}
