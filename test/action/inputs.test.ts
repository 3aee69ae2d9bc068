/** The action's inputs, outputs file format and summary, in-process. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeOutputs, workflowCommand } from "../../src/action/github-files.js";
import { ActionInputError, planFromInputs, splitArgs } from "../../src/action/inputs.js";
import { outcomeOf, renderSummary } from "../../src/action/summary.js";

describe("action inputs", () => {
  it("splits args like a shell (quotes, escapes, no expansion)", () => {
    expect(splitArgs(`--include-paused --element "Revenue by Region" --x 'a b' c\\ d $HOME`)).toEqual(["--include-paused", "--element", "Revenue by Region", "--x", "a b", "c d", "$HOME"]);
    expect(splitArgs("")).toEqual([]);
    expect(() => splitArgs(`--x "open`)).toThrow(ActionInputError);
  });

  it("materialize: lists, passthrough of issue #9's flags, the secret in the environment only", () => {
    const plan = planFromInputs({
      INPUT_COMMAND: "materialize",
      "INPUT_BASE-URL": "http://127.0.0.1:1",
      "INPUT_CLIENT-ID": "id-1",
      "INPUT_CLIENT-SECRET": "s3cret-value",
      INPUT_WORKBOOK: "Sales Overview\nMarketing, Funnel B",
      "INPUT_AFFECTED-BY": "DB.S.ORDERS",
      "INPUT_FROM-DBT": "target/run_results.json",
      "INPUT_NO-WAIT": "true",
      INPUT_ARGS: "--include-paused",
      RUNNER_TEMP: "/tmp/runner",
      GITHUB_RUN_ID: "42",
    });
    expect(plan.argv).toEqual([
      "materialize", "--base-url", "http://127.0.0.1:1", "--client-id", "id-1",
      "--workbook", "Sales Overview", "--workbook", "Marketing", "--workbook", "Funnel B",
      "--affected-by", "DB.S.ORDERS", "--from-dbt", "target/run_results.json", "--no-wait", "--include-paused", "--json",
    ]);
    expect(plan.argv.join(" ")).not.toContain("s3cret-value");
    expect(plan.env).toEqual({ SIGMA_CLIENT_SECRET: "s3cret-value" });
    expect(plan.secrets).toEqual(["s3cret-value"]);
    expect(plan.resultFile).toBe("/tmp/runner/sigmactl-materialize-42-1.json");
    expect(plan.failOnError).toBe(true);
  });

  it("upload: castor's flags, the Catalog token in the environment, no Sigma options", () => {
    const plan = planFromInputs({ INPUT_COMMAND: "upload", "INPUT_OUTPUT-DIR": "sigma", "INPUT_SOURCE-ID": "src", "INPUT_FILE-TYPE": "DBT", "INPUT_CATALOG-TOKEN": "tok-123", "INPUT_CLIENT-ID": "ignored" });
    expect(plan.argv).toEqual(["upload", "--directory_path", "sigma", "--file_type", "DBT", "--source_id", "src", "--json"]);
    expect(planFromInputs({ INPUT_COMMAND: "upload" }).argv).toEqual(["upload", "--file_type", "VIZ", "--json"]);
    expect(plan.env).toEqual({ CASTOR_UPLOADER_TOKEN: "tok-123" });
  });

  it("refuses an unknown command and a non-boolean flag", () => {
    expect(() => planFromInputs({ INPUT_COMMAND: "deploy" })).toThrow(/expected one of materialize, extract, upload/);
    expect(() => planFromInputs({ INPUT_COMMAND: "extract", "INPUT_FAIL-ON-ERROR": "maybe" })).toThrow(/fail-on-error: expected true or false/);
  });
});

describe("action outputs and summary", () => {
  it("writes outputs in the runner's heredoc form", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sigmactl-action-")), "out");
    writeOutputs(file, { outcome: "ready", result: "/a b/c.json" });
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^outcome<<(ghadelimiter_[\w-]+)\nready\n\1\nresult<<(ghadelimiter_[\w-]+)\n\/a b\/c\.json\n\2\n$/);
    expect(workflowCommand("error", "50% done\nnext")).toBe("::error::50%25 done%0Anext\n");
  });

  it("outcome: the document's word first, else the exit code's", () => {
    expect(outcomeOf({ outcome: "timed-out" }, 2)).toBe("timed-out");
    expect(outcomeOf(undefined, 4)).toBe("auth-error");
    expect(outcomeOf({}, 0)).toBe("success");
    expect(outcomeOf(null, 99)).toBe("error");
  });

  it("summary: a job table with escaped cells, capped, and the log tail on failure", () => {
    const jobs = Array.from({ length: 55 }, (_, i) => ({ documentName: `WB|${i}`, elementName: "E", status: i === 0 ? "failed" : "ready", durationMs: 1500, error: i === 0 ? "Warehouse\nsuspended" : null }));
    const md = renderSummary({ command: "materialize", exitCode: 1, outcome: "failed", resultFile: "/r.json", doc: { outcome: "failed", jobs, drift: [{}] }, stderrTail: "boom" });
    expect(md).toContain("### ❌ sigmactl materialize: failed");
    expect(md).toContain("| WB\\|0 | E | failed | 1.5 s | Warehouse suspended |");
    expect(md).toContain("… and 5 more");
    expect(md).toContain("differed from its API document in 1 way(s)");
    expect(md).toContain("boom");
  });
});
