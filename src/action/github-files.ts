/**
 * The runner's files: step outputs (`GITHUB_OUTPUT`) and the job summary
 * (`GITHUB_STEP_SUMMARY`), written the way @actions/core writes them.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";

/** Appends `name=value` outputs to the GITHUB_OUTPUT file (heredoc form, safe for any value). */
export function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text);
}

/** Appends Markdown to the job summary, when the runner provides one. */
export function writeSummary(file: string | undefined, markdown: string): void {
  if (file) appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}

/** A workflow command (`::error::`, `::add-mask::`), escaped as the runner expects. */
export function workflowCommand(name: string, message: string): string {
  const escaped = message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `::${name}::${escaped}\n`;
}
