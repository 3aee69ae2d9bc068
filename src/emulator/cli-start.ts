/**
 * `sigmactl emulator`: starts a listening emulator from CLI flags, prints ONE JSON line
 * `{"url","clientId","clientSecret"}` on stdout (for scripts: `read` it, or parse it), logs to
 * stderr, and resolves after a clean close when the signal aborts (the CLI aborts it on
 * SIGINT/SIGTERM) or, without a signal, on SIGINT/SIGTERM itself.
 */
import { parseEmulatorFlags, type EmulatorCliFlags } from "./cli-options.js";
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

/** Runs the emulator until the signal aborts. Throws UserError on bad flags. */
export async function startEmulatorFromCli(flags: EmulatorCliFlags, io: EmulatorCliIo): Promise<void> {
  const options = parseEmulatorFlags(flags);
  const own = io.signal ? undefined : processSignal();
  const signal = io.signal ?? (own as { signal: AbortSignal }).signal;
  try {
    const emu = await createEmulator({ ...options, log: (line) => io.stderr.write(`${line}\n`) });
    try {
      io.stdout.write(`${JSON.stringify({ url: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret })}\n`);
      const seed = options.seed ?? 1;
      const size = options.size ?? "small";
      const shape = options.shape ?? DEFAULT_SHAPE;
      io.stderr.write(`sigma emulator listening on ${emu.url} (seed ${seed}, size ${size}, shape ${shape}); control routes under ${emu.url}/__emulator/; Ctrl-C to stop\n`);
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
