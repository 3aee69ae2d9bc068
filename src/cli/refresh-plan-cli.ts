/**
 * The refresh-plan flags shared by `materialize` and `impact`: changed tables (`--affected-by`,
 * `--affected-by-file`, `--from-dbt`), the lineage source (`--lineage-from`, else live with a
 * cache beside the state file), and the human rendering of a plan (waves, each schedule with
 * the lineage path that selected it).
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import type { SigmaClient } from "../client/index.js";
import type { RefreshPlan } from "../shared/refresh-plan.js";
import type { CliContext } from "./context.js";
import type { Output } from "./output.js";

/** The flags. */
export interface AffectedFlags {
  affectedBy?: string[];
  affectedByFile?: string;
  fromDbt?: string;
  lineageFrom?: string;
  lineageCache?: string | false;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds the changed-table and lineage flags to a command. */
export function addAffectedFlags(cmd: Command, withTables: boolean): Command {
  if (withTables) {
    cmd
      .option("--affected-by <table>", "refresh what reads this table: [CONNECTION/]DB.SCHEMA.TABLE, `*` globs (repeatable)", collect)
      .option("--affected-by-file <file>", "tables one a line (`-` for stdin)")
      .option("--from-dbt <dir>", "the models, seeds and snapshots a dbt run rebuilt (its target/ with run_results.json and manifest.json)");
  }
  return cmd
    .option("--lineage-from <dir>", "read lineage from an extraction (`sigmactl extract -o DIR`) instead of the API")
    .option("--no-lineage-cache", "read every document's lineage again (default: cached by each document's updatedAt)");
}

/** True when the flags name changed tables. */
export function hasAffected(flags: AffectedFlags): boolean {
  return (flags.affectedBy?.length ?? 0) > 0 || flags.affectedByFile !== undefined || flags.fromDbt !== undefined;
}

/** Where the live lineage cache lives: beside the materialize state. */
function cacheDirOf(ctx: CliContext): string {
  const home = ctx.env.HOME || homedir();
  const state = ctx.env.SIGMACTL_STATE_DIR || join(ctx.env.XDG_STATE_HOME || join(home, ".local", "state"), "sigmactl");
  return join(state, "lineage-cache");
}

/** Builds the plan the flags ask for (`tables` adds positional tables). */
export async function planOfFlags(ctx: CliContext, out: Output, client: SigmaClient | null, flags: AffectedFlags, tables: string[] = []): Promise<RefreshPlan> {
  const { planRefresh, readDbtArtifacts } = await import("../lineage/index.js");
  const all = [...tables, ...(flags.affectedBy ?? [])];
  let tableFile: string | undefined;
  if (flags.affectedByFile === "-") {
    const { tablesOfText } = await import("../lineage/table-spec.js");
    all.push(...tablesOfText(await ctx.readStdin()));
  } else if (flags.affectedByFile !== undefined) tableFile = resolve(ctx.cwd, flags.affectedByFile);
  const dbt = flags.fromDbt !== undefined ? await readDbtArtifacts(resolve(ctx.cwd, flags.fromDbt)) : undefined;
  const plan = await planRefresh(
    client,
    { tables: all, ...(tableFile !== undefined ? { tableFile } : {}), ...(dbt ? { dbt } : {}) },
    {
      lineageFrom: flags.lineageFrom === undefined ? undefined : resolve(ctx.cwd, flags.lineageFrom),
      cacheDir: flags.lineageCache === false ? undefined : cacheDirOf(ctx),
      signal: ctx.signal,
      onProgress: (p) => {
        if (p.done === p.total || p.done % 200 === 0) out.info(`lineage: ${p.done}/${p.total} documents read`);
      },
    },
  );
  // planRefresh lists `tables` first, in order, all as "--affected-by": name where each came from.
  const sources = [...tables.map(() => "argument"), ...(flags.affectedBy ?? []).map(() => "--affected-by"), ...all.slice(tables.length + (flags.affectedBy?.length ?? 0)).map(() => "stdin")];
  sources.forEach((source, i) => {
    if (plan.changes[i] !== undefined) plan.changes[i] = { ...plan.changes[i]!, source };
  });
  for (const t of plan.unmatchedTables) out.warn(`no table the lineage knows matches "${t}" (check the spelling, the connection, or quote case-sensitive parts)`);
  for (const n of plan.notes) out.info(`lineage: ${n}`);
  return plan;
}

/** The plan as text: waves, each schedule with why it was selected. */
export function renderPlan(plan: RefreshPlan): string {
  if (plan.schedules.length === 0) return "no materialization reads the changed tables\n";
  const lines: string[] = [];
  plan.waves.forEach((wave, i) => {
    lines.push(`wave ${i + 1}${i === 0 ? "" : " (after the waves above)"}:`);
    for (const s of wave) {
      lines.push(`  ${s.documentName ?? s.documentId} › ${s.elementName ?? s.sheetId} (${s.kind}${s.paused ? ", paused" : ""})`);
      lines.push(`    because: ${s.because.join(" → ")}`);
    }
  });
  return `${lines.join("\n")}\n`;
}
