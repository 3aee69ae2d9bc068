/** Mistakes in --targets files and wait/--retry-failed inputs: one line that points at the problem. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, UserError } from "../../src/errors.js";
import { parseTargetsText, readTargetsFile } from "../../src/materialize/targets.js";
import { readResultFile } from "../../src/materialize/wait-input.js";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("did not throw");
}

describe("--targets file errors", () => {
  it("names the entry and the field, for both file shapes", () => {
    expect(message(() => parseTargetsText("- workbook: x\n  elements: 3\n", "t.yaml"))).toBe("t.yaml: entry #1 (elements): Invalid input");
    expect(message(() => parseTargetsText("targets:\n  - workbook: a\n  - workbook: [1]\n", "t.yaml"))).toMatch(/^t\.yaml: entry #2 \(workbook\): .*expected string/);
    expect(message(() => parseTargetsText("targets: 5\n", "t.yaml"))).toMatch(/^t\.yaml: targets: .*expected array/);
  });

  it("says when the file is not a list at all", () => {
    expect(message(() => parseTargetsText("hello\n", "t.yaml"))).toBe("t.yaml: expected a list of targets, found a string");
    expect(message(() => parseTargetsText("", "t.yaml"))).toBe("t.yaml: expected a list of targets, found nothing");
  });

  it("a YAML syntax error is one line, without the parser's dangling excerpt", () => {
    const m = message(() => parseTargetsText("foo: [\n", "t.yaml"));
    expect(m).toMatch(/^t\.yaml: not valid YAML or JSON: .*line \d+, column \d+$/);
    expect(m).not.toContain("\n");
  });

  it("a missing file is 'no such file'", async () => {
    const missing = join(mkdtempSync(join(tmpdir(), "sigmactl-targets-")), "nope.yaml");
    await expect(readTargetsFile(missing)).rejects.toThrow(ConfigError);
    await expect(readTargetsFile(missing)).rejects.toThrow(`--targets ${missing}: no such file`);
  });
});

describe("result file errors", () => {
  it("a missing result file is 'no such file' with what was expected", async () => {
    const missing = join(mkdtempSync(join(tmpdir(), "sigmactl-result-")), "result.json");
    const err = await readResultFile(missing).catch((e: unknown) => e as UserError);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`${missing}: no such file`);
    expect((err as UserError).suggestions.join(" ")).toContain("workbook:<workbookId>:<materializationId>");
  });
});
