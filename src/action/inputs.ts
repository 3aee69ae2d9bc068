/**
 * The action's inputs (`INPUT_*` variables, as the runner sets them) turned into a sigmactl
 * command line and environment. Secrets travel in the child's environment, never in argv
 * (argv is visible to other processes), and are masked in the log.
 */

/** Commands the action runs. */
export const ACTION_COMMANDS = ["materialize", "extract", "upload"] as const;
/** One of {@link ACTION_COMMANDS}. */
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** What to run. */
export interface ActionPlan {
  command: ActionCommand;
  /** Arguments after `sigmactl` (the command first); `--json` is always among them. */
  argv: string[];
  /** Variables added to the child's environment (credentials). */
  env: Record<string, string>;
  /** Values to mask in the log (`::add-mask::`). */
  secrets: string[];
  /** Where the JSON result goes. */
  resultFile: string;
  cwd: string;
  failOnError: boolean;
}

/** A mistake in the workflow file: reported as an error annotation, exit 3. */
export class ActionInputError extends Error {
  override name = "ActionInputError";
}

/** Reads input `name` the way @actions/core does: INPUT_<NAME> (spaces to `_`, upper case), trimmed. */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** A multi-value input: one value per line or separated by commas. */
function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return input(env, name)
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = input(env, name).toLowerCase();
  if (v === "") return fallback;
  if (["true", "yes", "1"].includes(v)) return true;
  if (["false", "no", "0"].includes(v)) return false;
  throw new ActionInputError(`input ${name}: expected true or false, got "${v}"`);
}

/** Splits `args` like a shell would for words and quotes (no expansion). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) word = (word ?? "") + text[++i];
      else word = (word ?? "") + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === "\\" && i + 1 < text.length) word = (word ?? "") + text[++i];
    else word = (word ?? "") + c;
  }
  if (quote) throw new ActionInputError(`input args: unclosed ${quote} quote`);
  if (word !== null) out.push(word);
  return out;
}

/** Builds the command line from the inputs; throws ActionInputError for a mistake. */
export function planFromInputs(env: NodeJS.ProcessEnv): ActionPlan {
  const command = input(env, "command");
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw new ActionInputError(`input command: expected one of ${ACTION_COMMANDS.join(", ")}, got "${command}"`);
  }
  const cmd = command as ActionCommand;
  const argv: string[] = [cmd];
  const childEnv: Record<string, string> = {};
  const secrets: string[] = [];
  const secret = (name: string, variable: string) => {
    const v = input(env, name);
    if (v) {
      childEnv[variable] = v;
      secrets.push(v);
    }
  };
  const flag = (name: string, option: string) => {
    const v = input(env, name);
    if (v) argv.push(option, v);
  };

  if (cmd !== "upload") {
    // Sigma connection: flags for what is not secret, the environment for the secret.
    flag("cloud", "--cloud");
    flag("base-url", "--base-url");
    flag("client-id", "--client-id");
    secret("client-secret", "SIGMA_CLIENT_SECRET");
  }
  if (cmd === "materialize") {
    for (const v of list(env, "workbook")) argv.push("--workbook", v);
    for (const v of list(env, "data-model")) argv.push("--data-model", v);
    for (const v of list(env, "dataset")) argv.push("--dataset", v);
    for (const v of list(env, "element")) argv.push("--element", v);
    flag("targets", "--targets");
    // Issue #9's selection flags, passed through as they are.
    for (const v of list(env, "affected-by")) argv.push("--affected-by", v);
    flag("from-dbt", "--from-dbt");
    flag("timeout", "--timeout");
    if (bool(env, "no-wait", false)) argv.push("--no-wait");
  }
  if (cmd === "extract") {
    flag("output-dir", "--output");
    flag("since", "--since");
    flag("assets", "--assets");
  }
  if (cmd === "upload") {
    flag("output-dir", "--directory_path");
    // action.yml's default; the runner sets it, a direct run of the entry may not.
    argv.push("--file_type", input(env, "file-type") || "VIZ");
    flag("source-id", "--source_id");
    flag("zone", "--zone");
    flag("ingest-url", "--ingest-url");
    secret("catalog-token", "CASTOR_UPLOADER_TOKEN");
  }
  argv.push(...splitArgs(input(env, "args")));
  if (!argv.includes("--json")) argv.push("--json");

  const tmp = env.RUNNER_TEMP || env.TMPDIR || "/tmp";
  const resultFile = input(env, "result-file") || `${tmp.replace(/\/+$/, "")}/sigmactl-${cmd}-${env.GITHUB_RUN_ID ?? "local"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}.json`;
  return {
    command: cmd,
    argv,
    env: childEnv,
    secrets,
    resultFile,
    cwd: input(env, "working-directory") || ".",
    failOnError: bool(env, "fail-on-error", true),
  };
}
