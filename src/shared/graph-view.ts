/**
 * A lineage graph drawn in the browser: laid out by @dagrejs/dagre (a real layered-graph
 * layout), drawn as SVG. Used by `sigmactl serve`'s page and by `sigmactl lineage --format
 * html` (which inlines everything into one file). The script below runs in the browser: it is
 * plain ES2017 in a string, not TypeScript compiled for Node.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A node as the browser script takes it. */
export interface ViewNode {
  id: string;
  label: string;
  /** Drives the colour: table, workbook, data-model, dataset, element, job... */
  kind: string;
  /** Job status, when the node is a job (ready, failed, building...). */
  status?: string;
  /** Extra text shown in the tooltip. */
  title?: string;
}

/** An edge "from feeds to". */
export interface ViewEdge {
  from: string;
  to: string;
}

let dagreText: string | undefined;

/** The browser build of dagre (an IIFE defining `dagre`), read once from node_modules. */
export function dagreBrowserSource(): string {
  if (dagreText === undefined) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve("@dagrejs/dagre/package.json"));
    dagreText = readFileSync(join(dir, "dist", "dagre.min.js"), "utf8").replace(/\/\/# sourceMappingURL=.*$/m, "");
  }
  return dagreText;
}

/** CSS of the graph (shared by both pages). */
export const GRAPH_VIEW_CSS = `
svg.lineage { font: 12px system-ui, sans-serif; }
svg.lineage .node rect { stroke: #555; stroke-width: 1; rx: 4; fill: #fff; }
svg.lineage .node.kind-table rect { fill: #e8f1fb; }
svg.lineage .node.kind-datamodel rect, svg.lineage .node.kind-data-model rect, svg.lineage .node.kind-datamodel-element rect { fill: #efe8fb; }
svg.lineage .node.kind-workbook rect, svg.lineage .node.kind-element rect, svg.lineage .node.kind-page rect { fill: #eaf7ea; }
svg.lineage .node.kind-dataset rect { fill: #fdf3e1; }
svg.lineage .node.status-ready rect { stroke: #2e7d32; stroke-width: 2; }
svg.lineage .node.status-failed rect, svg.lineage .node.status-error rect, svg.lineage .node.status-skipped rect { stroke: #c62828; stroke-width: 2; }
svg.lineage .node.status-building rect, svg.lineage .node.status-pending rect, svg.lineage .node.status-triggered rect { stroke: #f9a825; stroke-width: 2; stroke-dasharray: 4 2; }
svg.lineage .node.kind-schedule rect { fill: #fff8c4; stroke: #8d6e00; stroke-width: 1.5; rx: 12; }
svg.lineage .node.kind-schedule.status-paused rect { fill: #eee; stroke-dasharray: 2 2; }
svg.lineage .node.match rect { stroke: #d81b60; stroke-width: 3; }
svg.lineage .node.dim { opacity: 0.25; }
svg.lineage path.edge { fill: none; stroke: #888; stroke-width: 1.2; marker-end: url(#arrow); }
`;

/**
 * Browser script defining `renderLineageGraph(container, graph)`: lays out `graph`
 * ({nodes: ViewNode[], edges: ViewEdge[]}) with dagre and draws it into `container` as an
 * `<svg class="lineage">` (one `<g class="node" data-id>` per node), and
 * `highlightLineage(container, text)`: marks nodes whose label matches, dims the rest; returns the count.
 */
export const GRAPH_VIEW_SCRIPT = `
(function () {
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs) { var e = document.createElementNS(NS, name); for (var k in attrs) e.setAttribute(k, attrs[k]); return e; }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "\\u2026" : s; }
  window.renderLineageGraph = function (container, graph) {
    container.innerHTML = "";
    if (!graph.nodes.length) { container.textContent = "(nothing to draw)"; return null; }
    var g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 60, marginx: 10, marginy: 10 });
    g.setDefaultEdgeLabel(function () { return {}; });
    graph.nodes.forEach(function (n) { var text = clip(n.label, 40); g.setNode(n.id, { width: Math.max(60, text.length * 7 + 16), height: 28, text: text, data: n }); });
    graph.edges.forEach(function (e) { if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to); });
    dagre.layout(g);
    var size = g.graph();
    var svg = el("svg", { "class": "lineage", width: size.width, height: size.height, viewBox: "0 0 " + size.width + " " + size.height });
    var defs = el("defs", {});
    var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
    marker.appendChild(el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#888" }));
    defs.appendChild(marker); svg.appendChild(defs);
    g.edges().forEach(function (e) {
      var pts = g.edge(e).points;
      var d = "M" + pts.map(function (p) { return p.x + "," + p.y; }).join(" L");
      var path = el("path", { d: d, "class": "edge" });
      path.setAttribute("data-from", e.v); path.setAttribute("data-to", e.w);
      svg.appendChild(path);
    });
    g.nodes().forEach(function (id) {
      var n = g.node(id);
      var cls = "node kind-" + n.data.kind + (n.data.status ? " status-" + n.data.status : "");
      var grp = el("g", { "class": cls, transform: "translate(" + (n.x - n.width / 2) + "," + (n.y - n.height / 2) + ")" });
      grp.setAttribute("data-id", id);
      grp.setAttribute("data-label", n.data.label);
      var t = el("title", {}); t.textContent = n.data.label + (n.data.status ? " [" + n.data.status + "]" : "") + (n.data.title ? "\\n" + n.data.title : ""); grp.appendChild(t);
      grp.appendChild(el("rect", { width: n.width, height: n.height }));
      var text = el("text", { x: 8, y: 18 }); text.textContent = n.text; grp.appendChild(text);
      svg.appendChild(grp);
    });
    container.appendChild(svg);
    return svg;
  };
  window.highlightLineage = function (container, text) {
    var q = (text || "").trim().toLowerCase(); var count = 0;
    container.querySelectorAll("g.node").forEach(function (n) {
      var hit = q !== "" && (n.getAttribute("data-label") || "").toLowerCase().indexOf(q) >= 0;
      n.classList.toggle("match", hit); n.classList.toggle("dim", q !== "" && !hit);
      if (hit) count++;
    });
    return count;
  };
})();
`;
