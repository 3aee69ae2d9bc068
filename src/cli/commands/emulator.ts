/**
 * `sigmactl emulator`: runs the local Sigma API emulator on a loopback port until SIGINT/SIGTERM.
 * Flag parsing and start-up belong to the emulator (src/emulator/cli-start.ts); this file only
 * declares the flags and hands over the CLI's streams and shutdown signal.
 */
import { Option, type Command } from "commander";
import type { EmulatorCliFlags } from "../../emulator/cli-options.js";
import { DEFAULT_SHAPE } from "../../emulator/shape/modes.js";
import { UserError } from "../../errors.js";
import type { CliContext } from "../context.js";
import { examples } from "../program.js";

/** Registers `emulator`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("emulator")
    .summary("run the local Sigma API emulator")
    .description("run the local Sigma API emulator; prints one JSON line {url, clientId, clientSecret} on stdout")
    .addOption(new Option("--host <host>", "address to listen on").default("127.0.0.1", "127.0.0.1"))
    .addOption(new Option("--port <port>", "port to listen on; 0 picks a free port").default("0", "0"))
    .addOption(new Option("--seed <n>", "seed of the generated organisation (same seed, same org)").default("1", "1"))
    .addOption(new Option("--size <size>", "organisation size: tiny, small, medium, large or xl").default("small", "small"))
    .option("--token-ttl <seconds>", "access-token lifetime in seconds (default: 3600, as Sigma)")
    .option("--latency <ms[:jitter]>", "added delay on every answer, e.g. 50 or 50:20 (default: none)")
    .option("--rate-limit <rps[:burst]>", "per-client token bucket answering 429, e.g. 20 or 20:40 (default: none)")
    .option("--max-in-flight <n>", "answer 429 above this many requests in flight (default: unlimited)")
    .option(
      "--faults <spec>",
      "injected faults, comma-separated KIND=PROBABILITY: 5xx, 429, reset, slow=P:MS, revoke, retry-after (default: none)",
    )
    .option("--materialization-time <min:max>", "materialization duration range in seconds, or one number (default: 2:8)")
    .option("--materialization-fail-rate <p>", "share of materializations that fail, 0 to 1 (default: 0)")
    .option("--concurrent-trigger <mode>", "trigger while a run is going: new-job or conflict (409) (default: new-job)")
    .option("--legacy-lists <mode>", "legacy /v2 lists without limit: paginated (Sigma after 2026-06-02) or array (default: paginated)")
    .option("--lineage-ids <scheme>", "ids in lineage answers: sigma (as Sigma writes them) or legacy (the emulator's first scheme) (default: sigma)")
    .option(
      "--shape <shape>",
      `how bodies stray from Sigma's OpenAPI document (default: ${DEFAULT_SHAPE}): ` +
        "strict = exactly the document's shapes; " +
        "real = the drift published real bodies show (absent required fields, undocumented fields, nulls, new words, 21-character urlIds, the SigmaSchedulerRobot member) on a seeded share of entries; " +
        "chaotic = any field that is not an id, a document name or a link may be dropped, nulled or get an unknown word, and unknown fields are added",
    )
    .option("--shape-seed <n>", "seed of the shape's variation (default: --seed); same seed and shape, same bodies")
    .option("--shape-rate <p>", "real: share of entries each deviation hits (default: 0.4); chaotic: probability of each variation (default: 0.2)")
    .option(
      "--control-token <token>",
      "token the /__emulator/ control routes require (Authorization: Bearer <token> or X-Emulator-Token); default: generated and printed when --host is not a loopback address",
    )
    .addHelpText(
      "after",
      examples([
        ["sigmactl emulator", "a small organisation on a free port; Ctrl-C to stop"],
        ["sigmactl emulator --size tiny --port 8080 --seed 7", "a fixed port and a different organisation"],
        ["sigmactl emulator --faults 5xx=0.1,429=0.05 --latency 50:20", "a flaky, slow API to test retries against"],
        ["sigmactl emulator --materialization-fail-rate 0.5 --materialization-time 1:3", "half the materializations fail, quickly"],
        ["sigmactl emulator --shape real", "bodies that drift from the document as real Sigma's do"],
        [
          "sigmactl emulator --port 8080 > emu.json &\n" +
            "  $ export SIGMA_BASE_URL=$(jq -r .url emu.json) SIGMA_CLIENT_ID=$(jq -r .clientId emu.json) SIGMA_CLIENT_SECRET=$(jq -r .clientSecret emu.json)\n" +
            "  $ sigmactl whoami",
          "point other commands at it (in a second shell, or after the first line printed)",
        ],
      ]) +
        "\nControl routes under <url>/__emulator/: truth, stats, reset, faults, latency, mutate, ingest (a fake Catalog ingest for `sigmactl upload --ingest-url`).\n" +
        "On a non-loopback --host (e.g. 0.0.0.0) a warning is printed and the control routes need the control token from the JSON line.\n",
    )
    .action(async (flags: EmulatorCliFlags) => {
      // Lazy: only this command (and demo) load the emulator and its generator.
      const { startEmulatorFromCli } = await import("../../emulator/cli-start.js");
      // The printed credentials are the emulator's own made-up ones: showing them is the point.
      await startEmulatorFromCli(flags, { stdout: ctx.stdout, stderr: ctx.stderr, signal: ctx.signal }).catch((err: unknown) => {
        throw listenError(err, flags) ?? err;
      });
    });
}

/** A port or address the emulator cannot listen on is the user's to change, not a bug (exit 3). */
function listenError(err: unknown, flags: EmulatorCliFlags): UserError | undefined {
  const code = (err as { code?: unknown }).code;
  const where = `${flags.host ?? "127.0.0.1"}:${flags.port ?? "0"}`;
  if (code === "EADDRINUSE") return new UserError(`cannot listen on ${where}: the port is already in use`, { cause: err, suggestions: ["choose another --port, or --port 0 for any free port"] });
  if (code === "EACCES") return new UserError(`cannot listen on ${where}: permission denied`, { cause: err, suggestions: ["use a port above 1023, or --port 0 for any free port"] });
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return new UserError(`cannot listen on ${where}: no such local address`, { cause: err, suggestions: ["use --host 127.0.0.1"] });
  return undefined;
}
