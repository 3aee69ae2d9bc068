/**
 * `sigmactl emulator`: starts a listening emulator from CLI flags, prints ONE JSON line
 * `{"url","clientId","clientSecret"}` on stdout (plus `"controlToken"` when the control routes
 * need one: on a non-loopback address) (for scripts: `read` it, or parse it), logs to stderr
 * (with a warning when the emulator is reachable from the network), and resolves after a clean close when the signal aborts (the CLI aborts it on
 * SIGINT/SIGTERM) or, without a signal, on SIGINT/SIGTERM itself.
 */
import { parseEmulatorFlags, type EmulatorCliFlags } from "./cli-options.js";
import { CONTROL_TOKEN_HEADER, isLoopbackListenHost } from "./control-access.js";
import { createEmulator, type Emulator } from "./index.js";
import { DEFAULT_SHAPE } from "./shape/modes.js";

/** Where the command writes (process streams, or captures in tests). */
export interface EmulatorCliIo {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  /** Stops the emulator when aborted; default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
  /** Called once the emulator listens (tests). */
  onReady?: (emu: Emulator) => void;
}

function processSignal(): { signal: AbortSignal; dispose(): void } {
  const ctl = new AbortController();
  const stop = () => ctl.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return {
    signal: ctl.signal,
    dispose: () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    },
  };
}

/** The stderr warning for an emulator reachable from the network (`host` not loopback), else undefined. */
export function exposureWarning(host: string, seed: number): string | undefined {
  if (isLoopbackListenHost(host)) return undefined;
  return (
    `warning: the emulator listens on ${host}, reachable from the network: anyone who can reach it can call its API with the ` +
    `printed credentials (made up, and the same for every emulator with seed ${seed}); its control routes need the control token ` +
    `from the JSON line (Authorization: Bearer <token> or ${CONTROL_TOKEN_HEADER}: <token>). Use --host 127.0.0.1 unless other machines must reach it.`
  );
}

/** Runs the emulator until the signal aborts. Throws UserError on bad flags. */
export async function startEmulatorFromCli(flags: EmulatorCliFlags, io: EmulatorCliIo): Promise<void> {
  const options = parseEmulatorFlags(flags);
  const own = io.signal ? undefined : processSignal();
  const signal = io.signal ?? (own as { signal: AbortSignal }).signal;
  try {
    const emu = await createEmulator({ ...options, log: (line) => io.stderr.write(`${line}\n`) });
    try {
      const line: Record<string, string> = { url: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret };
      if (emu.controlToken !== undefined) line.controlToken = emu.controlToken;
      io.stdout.write(`${JSON.stringify(line)}\n`);
      const seed = options.seed ?? 1;
      const size = options.size ?? "small";
      const shape = options.shape ?? DEFAULT_SHAPE;
      const host = typeof options.listen === "object" ? (options.listen.host ?? "127.0.0.1") : "127.0.0.1";
      const warning = exposureWarning(host, seed);
      if (warning !== undefined) io.stderr.write(`${warning}
`);
      const guarded = emu.controlToken !== undefined ? " (control token required)" : "";
      io.stderr.write(
        `sigma emulator listening on ${emu.url} (seed ${seed}, size ${size}, shape ${shape}); control routes under ${emu.url}/__emulator/${guarded}; Ctrl-C to stop
`,
      );
      io.onReady?.(emu);
      if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    } finally {
      await emu.close();
      io.stderr.write("sigma emulator stopped\n");
    }
  } finally {
    own?.dispose();
  }
}
