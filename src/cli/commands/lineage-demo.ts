/**
 * The `sigmactl demo` step of lineage: builds the lineage graph of the extract step's files
 * (extracting first when run alone), finds the warehouse table the most workbooks depend on,
 * and shows its downstream impact, checked against the run's own workbook_sources. Helper
 * module: no `register`.
 */
import { mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { JobFailedError, UserError } from "../../errors.js";
import type { DemoStep } from "../demo-step.js";
import { selfCommand } from "../self-command.js";

/** Show what depends on one warehouse table, from the extracted files alone. */
export const lineageDemoStep: DemoStep = {
  name: "lineage",
  title: "impact analysis, offline: everything that reads from the most used warehouse table",
  async run({ client, ctx, outDir, signal }) {
    const dir = join(outDir, "extract");
    const lineage = await import("../../lineage/index.js");
    const { countsText } = await import("../../lineage/render-tree.js");
    let graph;
    try {
      graph = await lineage.buildLineageGraph(dir);
    } catch (err) {
      // Run alone (--only lineage): there is no extraction yet, make one.
      if (!(err instanceof UserError)) throw err;
      const { extract } = await import("../../extract/index.js");
      await extract({ client, outDir: dir, maxErrors: Number.MAX_SAFE_INTEGER, signal });
      graph = await lineage.buildLineageGraph(dir);
    }

    // The table with the most workbooks downstream (ties: graph order, so the demo is stable).
    let best: { id: string; workbooks: string[] } | undefined;
    for (const t of graph.nodes.filter((n) => n.kind === "table")) {
      const workbooks = lineage.lineageOf(graph, t.id, "downstream").nodes.filter((n) => n.kind === "workbook").map((n) => n.id);
      if (best === undefined || workbooks.length > best.workbooks.length) best = { id: t.id, workbooks };
    }
    if (best === undefined) throw new JobFailedError("the extraction names no warehouse table");
    const table = graph.nodes.find((n) => n.id === best.id)!;
    const view = lineage.lineageOf(graph, table.id, "downstream");

    // Every workbook whose sources list the table must be in its impact.
    const { readAsset, locateRun } = await import("../../lineage/run-files.js");
    const sources = (await readAsset(await locateRun(dir), "workbook_sources")) ?? [];
    const listing = sources
      .filter((r) => Array.isArray(r.sources) && (r.sources as Array<Record<string, unknown>>).some((s) => s.type === "table" && s.inodeId === table.sigmaId))
      .map((r) => `workbook:${String(r.asset_id)}`);
    const missed = listing.filter((w) => !best.workbooks.includes(w));
    if (missed.length > 0) throw new JobFailedError(`the impact of ${table.label} misses ${missed.length} workbook(s) that list it as a source`);

    const files = join(outDir, "lineage");
    await mkdir(files, { recursive: true });
    const { writeFileAtomic } = await import("../../shared/atomic-file.js");
    const mermaid = join(files, "impact.mmd");
    const dot = join(files, "lineage.dot");
    await writeFileAtomic(mermaid, lineage.renderLineage(view, "mermaid"));
    await writeFileAtomic(dot, lineage.renderLineage(lineage.wholeGraph(graph), "dot"));

    const names = view.nodes.filter((n) => n.kind === "workbook").map((n) => n.name);
    const rel = relative(ctx.cwd, dir) || ".";
    // DB.SCHEMA.TABLE alone may name tables of two connections: then quote the label.
    const name = lineage.matchNodes(graph, table.name).length === 1 ? table.name : `"${table.label}"`;
    const lines = [
      `graph of run ${graph.run.ts}: ${graph.nodes.length} nodes, ${graph.edges.length} edges (no API call: read from ${rel}/)`,
      `downstream of ${table.label}: ${countsText(view)}`,
      `workbooks affected: ${names.join(", ")} (includes all ${listing.length} that list it as a source)`,
      `try it: ${selfCommand()} lineage -d ${rel} --downstream ${name} (or --upstream "${names[0] ?? "<workbook>"}", --format dot|mermaid|csv)`,
    ];
    return {
      lines,
      files: [mermaid, dot],
      data: { run: graph.run.ts, table: table.id, nodes: graph.nodes.length, edges: graph.edges.length, impact: Object.fromEntries(lineage.countByKind(view)), workbooks: best.workbooks },
    };
  },
};
