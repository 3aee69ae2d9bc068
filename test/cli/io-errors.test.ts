/** A full disk is the user's environment, not a bug: exit 6, one line, hints, no stack. */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { LocalIoError } from "../../src/errors.js";
import { asLocalIoError } from "../../src/shared/io-error.js";
import { exitCodeFor, ExitCode } from "../../src/cli/exit-codes.js";
import type { CommandModule } from "../../src/cli/program.js";
import { runCli } from "../helpers/run-cli.js";

function throwing(err: unknown): CommandModule {
  return {
    register(program: Command) {
      program.command("boom").action(() => {
        throw err;
      });
    },
  };
}

const errno = (code: string) => Object.assign(new Error(`${code}: something, write`), { code });

describe("local I/O errors", () => {
  it.each([
    ["ENOSPC", "no space left on device"],
    ["EDQUOT", "disk quota exceeded"],
    ["EROFS", "read-only file system"],
  ])("%s becomes a LocalIoError with exit 6", (code, words) => {
    const err = asLocalIoError(errno(code), "write", "/out/1-workbooks.json");
    expect(err).toBeInstanceOf(LocalIoError);
    expect((err as LocalIoError).message).toBe(`cannot write /out/1-workbooks.json: ${words} (${code})`);
    expect(exitCodeFor(err)).toBe(ExitCode.Io);
    expect(ExitCode.Io).toBe(6);
  });

  it("anything else stays what it was (a bug is still a bug)", () => {
    const bug = errno("EBADF");
    expect(asLocalIoError(bug, "write", "/x")).toBe(bug);
    expect(exitCodeFor(new TypeError("x"))).toBe(70);
  });

  it("the CLI prints one error line and the hints, never a stack or 'bug'", async () => {
    const err = asLocalIoError(errno("ENOSPC"), "write", "/out/1-workbooks.json");
    const r = await runCli(["boom"], { commands: [throwing(err)], env: { NO_COLOR: "1" } });
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      "error: cannot write /out/1-workbooks.json: no space left on device (ENOSPC)\nhint: free space on that disk (or choose another output directory, -o/--output)\n",
    );
  });
});
