/**
 * `sigmactl lineage`: impact analysis and lineage graphs from an extraction run, offline (no
 * API call). `--downstream X` lists everything that reads from X, transitively; `--upstream X`
 * where X's data comes from, down to warehouse tables; neither prints the whole graph. Formats:
 * tree, json, dot, mermaid, csv; to stdout or, atomically, to `--output FILE`.
 */
import { resolve } from "node:path";
import { Option } from "commander";
import type { Command } from "commander";
import { UserError } from "../../errors.js";
import { redact } from "../../redact.js";
import type { LineageFormat } from "../../lineage/index.js";
import { globalOptionsOf, type CliContext } from "../context.js";
import { createOutput } from "../output.js";
import { examples, positiveInt } from "../program.js";

interface LineageFlags {
  dir?: string;
  run?: number;
  downstream?: string;
  upstream?: string;
  depth?: number;
  format?: LineageFormat;
  output?: string;
}

/** Registers `lineage`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("lineage")
    .description("impact analysis and lineage graphs from an extraction (sigmactl extract -o DIR), offline")
    .option("-d, --dir <dir>", "extraction directory (default: $CASTOR_OUTPUT_DIRECTORY, else the current directory)")
    .option("--run <ts>", "the run to read (default: the newest run with a summary)", positiveInt)
    .addOption(new Option("--downstream <node>", "everything that reads from this table, document or element (impact)").conflicts("upstream"))
    .option("--upstream <node>", "where this element or document's data comes from, down to warehouse tables")
    .option("--depth <n>", "with --downstream/--upstream: stop this many links away", positiveInt)
    .addOption(new Option("--format <format>", "output format (default: tree on a terminal, else json; with -o: from the file extension, an unknown one is an error)").choices(["tree", "json", "dot", "mermaid", "csv", "html"]))
    .option("-o, --output <file>", "write to this file (atomically) instead of stdout; a one-line report goes to stdout (JSON with --json)")
    .addHelpText(
      "after",
      examples([
        ["sigmactl lineage -d ./sigma --downstream PROD_DW.SALES.ORDERS", "what breaks if this warehouse table changes"],
        ['sigmactl lineage -d ./sigma --upstream "Usage Dashboard"', "where a workbook's data comes from"],
        ['sigmactl lineage -d ./sigma --upstream "Usage Dashboard/Overview/Revenue by Month" --json', "one element, as JSON (nodes with their depth, edges)"],
        ['sigmactl lineage -d ./sigma --downstream "datamodel:Bookings Mart" --depth 2 --format mermaid', "two levels below a data model, for a wiki page"],
        ["sigmactl lineage -d ./sigma -o lineage.dot && dot -Tsvg lineage.dot > lineage.svg", "the whole graph for Graphviz"],
        ["sigmactl lineage -d ./sigma --format csv > edges.csv", "the edge list for a spreadsheet or a catalog"],
        ["sigmactl lineage -d ./sigma --downstream PROD_DW.SALES.ORDERS -o impact.html", "one self-contained HTML page: the graph laid out, with a search box"],
      ]) +
        "\nA node is named by id, Sigma id or url id, DB.SCHEMA.TABLE (or connection/DB.SCHEMA.TABLE), label\n" +
        '("Workbook/Page/Element") or name, ignoring case; a kind prefix narrows it (table:, workbook:, element:, ...).\n' +
        "Exit codes: 0 done, 3 usage (no such directory, no complete run, unknown or ambiguous node).\n",
    )
    .action(async (flags: LineageFlags, command: Command) => runLineage(ctx, flags, command));
}

/** Extensions `-o` knows; any other one is refused rather than written as JSON under a misleading name. */
const EXTENSIONS = ".json, .dot/.gv, .mmd/.mermaid, .csv, .txt (tree)";

/** The format `-o FILE` asks for by its extension. @throws UserError for an unknown extension (e.g. .svg) */
function formatOfOutput(file: string, byExtension: (f: string) => LineageFormat | undefined): LineageFormat {
  const known = byExtension(file);
  if (known) return known;
  const ext = /\.[^./\\]+$/.exec(file)?.[0];
  if (ext === undefined) return "json";
  throw new UserError(`-o ${file}: sigmactl cannot write ${ext} files`, {
    suggestions: [
      `use one of ${EXTENSIONS}, or name the format with --format`,
      ext.toLowerCase() === ".svg" ? "for a picture: sigmactl lineage -o lineage.dot, then dot -Tsvg lineage.dot > lineage.svg (Graphviz)" : "",
    ].filter(Boolean),
  });
}

async function runLineage(ctx: CliContext, flags: LineageFlags, command: Command): Promise<void> {
  const g = globalOptionsOf(command);
  const out = createOutput(ctx, g);
  const { buildLineageGraph, findNode, formatForFile, lineageOf, renderLineage, wholeGraph, countByKind } = await import("../../lineage/index.js");
  const queryText = flags.downstream ?? flags.upstream;
  if (flags.depth !== undefined && queryText === undefined) throw new UserError("--depth needs --downstream or --upstream");
  // --json is about stdout: with --output it shapes the report, not the file.
  if (flags.output === undefined && g.json && flags.format !== undefined && flags.format !== "json") {
    throw new UserError(`--json and --format ${flags.format} disagree: pass one`);
  }
  const format: LineageFormat =
    flags.output !== undefined
      ? (flags.format ?? formatOfOutput(flags.output, formatForFile))
      : (flags.format ?? (g.json || !ctx.stdoutIsTTY ? "json" : "tree"));

  const dir = resolve(ctx.cwd, flags.dir ?? ctx.env.CASTOR_OUTPUT_DIRECTORY ?? ".");
  const graph = await buildLineageGraph(dir, { run: flags.run });
  graph.notes.forEach((n, i) => (i === 0 && !graph.run.complete ? out.warn(n) : out.info(`note: ${n}`)));
  const view =
    queryText === undefined
      ? wholeGraph(graph)
      : lineageOf(graph, findNode(graph, queryText).id, flags.downstream !== undefined ? "downstream" : "upstream", { maxDepth: flags.depth });

  if (flags.output === undefined) {
    // --json: the graph's own fields inside the one envelope every command's --json has.
    if (g.json) out.result({ runTs: graph.run.ts, ...(JSON.parse(renderLineage(view, "json")) as Record<string, unknown>) });
    else out.print(renderLineage(view, format, format === "tree" ? out.colors : undefined));
    return;
  }
  const file = resolve(ctx.cwd, flags.output);
  const { writeFileAtomic } = await import("../../shared/atomic-file.js");
  try {
    // Redacted like stdout: a custom SQL text could quote a secret.
    await writeFileAtomic(file, redact(renderLineage(view, format)));
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as Error).message}`, { cause: err });
  }
  const counts = Object.fromEntries(countByKind(view));
  out.result({ output: file, format, runTs: graph.run.ts, nodes: view.nodes.length, edges: view.edges.length, counts }, () => {
    return `wrote ${format} lineage (${view.nodes.length} nodes, ${view.edges.length} edges) of run ${graph.run.ts} to ${file}\n`;
  });
}
