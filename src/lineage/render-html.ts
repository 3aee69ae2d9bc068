/**
 * `--format html`: one self-contained HTML file (no network: dagre and the drawing script are
 * inlined) showing the view as a laid-out graph with a search box, the same drawing as
 * `sigmactl serve`'s page (src/shared/graph-view.ts).
 */
import { GRAPH_VIEW_CSS, GRAPH_VIEW_SCRIPT, dagreBrowserSource, type ViewNode } from "../shared/graph-view.js";
import type { LineageView } from "./model.js";

const escHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Inside <script>, "</script" or "<!--" in data would end or confuse the element.
const jsonForScript = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** Renders `view` as a standalone HTML page. */
export function renderHtml(view: LineageView): string {
  const nodes: ViewNode[] = view.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, title: [n.id, n.elementType, n.url].filter(Boolean).join("\n") }));
  const edges = view.edges.map((e) => ({ from: e.from, to: e.to }));
  const title = view.query ? `lineage: ${view.query.direction} of ${view.query.target}` : `lineage of run ${view.run.ts}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escHtml(title)}</title>
<style>body { font: 14px system-ui, sans-serif; margin: 12px 16px; } .bar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
#graph { overflow: auto; border: 1px solid #eee; } .notes { color: #666; font-size: 12px; }
${GRAPH_VIEW_CSS}</style></head>
<body>
<h1 style="font-size:16px">${escHtml(title)}</h1>
<div class="bar"><input id="search" type="search" placeholder="find a table, workbook, element…" size="40"><span id="count"></span>
<span>${view.nodes.length} nodes, ${view.edges.length} edges</span></div>
${view.notes.length ? `<ul class="notes">${view.notes.map((n) => `<li>${escHtml(n)}</li>`).join("")}</ul>` : ""}
<div id="graph"></div>
<script id="lineage-data" type="application/json">${jsonForScript({ nodes, edges })}</script>
<script>${dagreBrowserSource()}</script>
<script>${GRAPH_VIEW_SCRIPT}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("lineage-data").textContent);
  var box = document.getElementById("graph");
  renderLineageGraph(box, data);
  document.getElementById("search").addEventListener("input", function (e) {
    var n = highlightLineage(box, e.target.value);
    document.getElementById("count").textContent = e.target.value ? n + " match(es)" : "";
    var first = box.querySelector("g.node.match"); if (first && first.scrollIntoView) first.scrollIntoView({ block: "center", inline: "center" });
  });
})();
</script>
</body></html>
`;
}
