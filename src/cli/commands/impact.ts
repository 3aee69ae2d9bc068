/**
 * `sigmactl impact TABLE...`: what reads the tables, downstream through lineage (data models
 * and their elements, datasets, workbooks and their elements) and the materialization
 * schedules a refresh would run, as a tree, JSON or CSV. Nothing is triggered.
 */
import type { Command } from "commander";
import { UserError } from "../../errors.js";
import type { RefreshPlan } from "../../shared/refresh-plan.js";
import { createClientFromOptions, globalOptionsOf, type CliContext } from "../context.js";
import { createOutput } from "../output.js";
import { examples } from "../program.js";
import { addAffectedFlags, planOfFlags, renderPlan, type AffectedFlags } from "../refresh-plan-cli.js";

interface ImpactFlags extends AffectedFlags {
  format?: string;
}

const FORMATS = ["tree", "json", "csv"] as const;

/** Registers `impact`. */
export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("impact")
    .summary("what reads these tables, and what a refresh would run")
    .description("list the documents, elements and materialization schedules downstream of warehouse tables (nothing is triggered)")
    .argument("<tables...>", "[CONNECTION/]DB.SCHEMA.TABLE, `*` globs allowed")
    .option("--format <format>", `output format: ${FORMATS.join(", ")} (default: tree; json with --json)`);
  addAffectedFlags(cmd, false)
    .addHelpText(
      "after",
      examples([
        ["sigmactl impact ANALYTICS.MARTS.FCT_ORDERS", "what reads the table, live from the API"],
        ["sigmactl impact 'ANALYTICS.MARTS.*' --lineage-from ./extract --format csv", "from an extraction, as CSV"],
      ]),
    )
    .action(async (tables: string[], flags: ImpactFlags, command: Command) => {
      const g = globalOptionsOf(command);
      const out = createOutput(ctx, g);
      const format = flags.format ?? (g.json ? "json" : "tree");
      if (!(FORMATS as readonly string[]).includes(format)) throw new UserError(`unknown --format "${format}"`, { suggestions: [`one of ${FORMATS.join(", ")}`] });
      const client = flags.lineageFrom === undefined ? createClientFromOptions(g, ctx, { logger: out.logger }) : null;
      const plan = await planOfFlags(ctx, out, client, flags, tables);
      const drift = client?.drift() ?? [];
      // --json: the one envelope (the plan's own `version` kept as `planVersion`); --format json alone: the bare plan.
      if (g.json) out.result({ ...plan, planVersion: plan.version, drift });
      else if (format === "json") ctx.stdout.write(`${JSON.stringify({ ...plan, drift }, null, 2)}\n`);
      else ctx.stdout.write(format === "csv" ? renderCsv(plan) : renderTree(plan));
    });
}

function renderTree(plan: RefreshPlan): string {
  const lines: string[] = [];
  for (const c of plan.changes) lines.push(`${c.spec}: ${c.tables.length === 0 ? "no known table" : c.tables.join(", ")}`);
  lines.push("", `downstream (${plan.reached.length}):`);
  for (const n of plan.reached) lines.push(`${"  ".repeat(n.depth)}${n.kind} ${n.label}`);
  lines.push("", `schedules a refresh would run (${plan.schedules.length}):`, renderPlan(plan).trimEnd());
  return `${lines.join("\n")}\n`;
}

const cell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function renderCsv(plan: RefreshPlan): string {
  const rows: Array<Array<string | number>> = [["type", "kind", "id", "label", "depth_or_wave", "because"]];
  for (const n of plan.reached) rows.push(["node", n.kind, n.id, n.label, n.depth, ""]);
  for (const s of plan.schedules) rows.push(["schedule", s.kind, s.sheetId, `${s.documentName ?? s.documentId} / ${s.elementName ?? ""}`, s.wave, s.because.join(" > ")]);
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
