/** Library messages name options; the CLI shows its flags (src/cli/flag-names.ts). */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { cliWordedResult, cliWording } from "../../src/cli/flag-names.js";
import { renderError } from "../../src/cli/render-error.js";
import { resolveWaitOptions } from "../../src/materialize/options.js";
import type { MaterializeResult } from "../../src/materialize/types.js";

const plain = { red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s } as unknown as Parameters<typeof renderError>[1]["colors"];

describe("option names → CLI flags", () => {
  it("rewrites known option names, leaves other backticked words alone", () => {
    expect(cliWording("pass `stateFile: false` or choose another `stateFile`")).toBe("pass --no-state or choose another --state-file");
    expect(cliWording("extract the `lineages` asset; `timeoutMs` (1h)")).toBe("extract the `lineages` asset; --timeout (1h)");
  });

  it("the library's own error names its option, the CLI's rendering the flag", () => {
    const err = (() => {
      try {
        resolveWaitOptions({ timeoutMs: 0 });
      } catch (e) {
        return e as UserError;
      }
      throw new Error("no error");
    })();
    expect(err.message).toBe("`timeoutMs` must be greater than zero");
    expect(err.message).not.toMatch(/--/);
    const text = renderError(new UserError(err.message, { suggestions: ["choose a writable output directory (`outDir`)"] }), { colors: plain }).text;
    expect(text).toBe("error: --timeout must be greater than zero\nhint: choose a writable output directory (-o/--output)\n");
  });

  it("a materialize result's warnings and job errors, as the CLI prints them", () => {
    const result = { warnings: ["x: pass `includePaused` to run it"], jobs: [{ error: "stopped waiting after its `jobTimeoutMs` (20s)" }, { error: null }] } as unknown as MaterializeResult;
    const worded = cliWordedResult(result);
    expect(worded.warnings).toEqual(["x: pass --include-paused to run it"]);
    expect(worded.jobs.map((j) => j.error)).toEqual(["stopped waiting after its --job-timeout (20s)", null]);
    expect(result.warnings[0]).toContain("`includePaused`");
  });
});
