/** The shape options: createEmulator validation, the default, `sigmactl emulator --shape` flags and help. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parseEmulatorFlags } from "../../src/emulator/cli-options.js";
import { createEmulator, DEFAULT_SHAPE, SHAPES } from "../../src/emulator/index.js";
import { runCli } from "../helpers/run-cli.js";
import { fixtureEmulator, tokenFor } from "./fixture.js";

describe("shape options", () => {
  it("default to DEFAULT_SHAPE, one constant: real", async () => {
    expect(SHAPES).toEqual(["strict", "real", "chaotic"]);
    expect(DEFAULT_SHAPE).toBe("real");
    const emu = await createEmulator({ size: "tiny", log: () => {} });
    expect(emu.stats().shape.mode).toBe(DEFAULT_SHAPE);
    await emu.close();
  });

  it("refuse an unknown shape or a rate outside [0, 1]", async () => {
    await expect(createEmulator({ shape: "wild" as never, log: () => {} })).rejects.toThrow(/shape must be one of strict, real, chaotic/);
    await expect(createEmulator({ shape: "real", shapeRate: 1.5, log: () => {} })).rejects.toThrow(/shapeRate/);
    await expect(createEmulator({ shapeSeed: 0.5, log: () => {} })).rejects.toThrow(/shapeSeed/);
  });

  it("a rate of 0 leaves real bodies as strict ones, except the system member", async () => {
    const [a, b] = await Promise.all([fixtureEmulator({ shape: "real", shapeRate: 0 }), fixtureEmulator({ shape: "strict" })]);
    const body = async (emu: typeof a, path: string) => {
      const tok = await tokenFor(emu);
      return (await emu.fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${tok}` } })).text();
    };
    for (const p of ["/v2/workbooks", "/v2/datasets", "/v2/files", "/v2.1/workspaces", "/v2/dataModels"]) expect(await body(a, p)).toBe(await body(b, p));
    expect(await body(a, "/v2.1/members")).toContain("SigmaSchedulerRobot");
  });
});

describe("sigmactl emulator --shape", () => {
  it("maps --shape, --shape-seed and --shape-rate", () => {
    expect(parseEmulatorFlags({ shape: "chaotic", shapeSeed: "9", shapeRate: "0.3" })).toMatchObject({ shape: "chaotic", shapeSeed: 9, shapeRate: 0.3 });
  });

  it("refuses bad values with a suggestion", () => {
    const err = (() => {
      try {
        parseEmulatorFlags({ shape: "reel" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe("--shape: expected one of strict, real, chaotic, got 'reel'.");
    expect((err as UserError).suggestions).toEqual(["--shape real"]);
    expect(() => parseEmulatorFlags({ shapeRate: "2" })).toThrow(/--shape-rate: expected a number between 0 and 1/);
    expect(() => parseEmulatorFlags({ shapeSeed: "x" })).toThrow(/--shape-seed: expected an integer/);
  });

  it("--help says what each shape means", async () => {
    const r = await runCli(["emulator", "--help"]);
    const text = r.stdout.replace(/\s+/g, " ");
    expect(text).toContain("--shape <shape>");
    expect(text).toMatch(/strict = exactly the document's shapes/);
    expect(text).toMatch(/real = the drift published real bodies show/);
    expect(text).toMatch(/chaotic = any field that is not an id/);
    expect(text).toContain(`(default: ${DEFAULT_SHAPE})`);
  });
});
