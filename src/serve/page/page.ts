/**
 * The service's page at `/`: one static HTML document whose script reads the JSON API
 * (`/api/events`, `/api/runs/{id}`, `/api/impact`) and follows `/api/stream` (server-sent
 * events) for live updates. The graph script and dagre come from src/shared/graph-view.ts
 * (dagre served at /assets/dagre.js).
 */
import { GRAPH_VIEW_CSS, GRAPH_VIEW_SCRIPT } from "../../shared/graph-view.js";

const APP_SCRIPT = `
(function () {
  var state = { run: null, event: null, impact: null };
  function $(s) { return document.querySelector(s); }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function api(path) { return fetch(path, { headers: { accept: "application/json" } }).then(function (r) { if (!r.ok) throw new Error(path + ": HTTP " + r.status); return r.json(); }); }
  function dur(ms) { if (ms == null) return ""; var s = ms / 1000; return s < 60 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s"; }
  function when(iso) { return iso ? iso.replace("T", " ").replace(/\\.\\d+Z$/, "Z") : ""; }
  function loadEvents() {
    var qs = new URLSearchParams();
    if ($("#q").value) qs.set("q", $("#q").value);
    if ($("#status").value) qs.set("status", $("#status").value);
    if ($("#provider").value) qs.set("provider", $("#provider").value);
    return api("/api/events?" + qs).then(function (d) {
      $("#events tbody").innerHTML = d.events.map(function (e) {
        return '<tr data-id="' + e.id + '" class="ev status-' + esc(e.status) + '"><td>' + e.id + "</td><td>" + esc(when(e.receivedAt)) + "</td><td>" + esc(e.provider) + "</td><td>" + esc(e.source) +
          '</td><td class="st">' + esc(e.status) + "</td><td>" + e.tables.map(function (t) { return '<a href="#" class="table-link" data-table="' + esc(t) + '">' + esc(t) + "</a>"; }).join(", ") +
          (e.runId ? ' <a href="#" class="run-link" data-run="' + e.runId + '">run ' + e.runId + "</a>" : "") + (e.detail ? '<div class="detail">' + esc(e.detail) + "</div>" : "") + "</td></tr>";
      }).join("");
    });
  }
  function loadRuns() {
    return api("/api/runs").then(function (d) {
      $("#runs tbody").innerHTML = d.runs.map(function (r) {
        return '<tr data-run="' + r.id + '" class="run status-' + esc(r.status) + '"><td><a href="#" class="run-link" data-run="' + r.id + '">run ' + r.id + "</a></td><td>" + esc(r.status) + "</td><td>" + esc(when(r.createdAt)) + "</td><td>" + r.jobCount + "</td></tr>";
      }).join("");
    });
  }
  function jobRows(jobs) {
    return jobs.map(function (j) {
      return '<tr class="job status-' + esc(j.status) + '" data-job="' + j.id + '"><td>' + j.wave + "</td><td>" + esc(j.kind) + "</td><td>" + esc(j.documentName || j.documentId) + "</td><td>" + esc(j.elementName || j.sheetId) +
        '</td><td class="st">' + esc(j.status) + (j.attached ? " (attached)" : "") + (j.coalesced ? " (coalesced)" : "") + "</td><td>" + esc(dur(j.durationMs)) + "</td><td>" + esc(j.because.join("; ")) + (j.error ? '<div class="detail">' + esc(j.error) + "</div>" : "") + "</td></tr>";
    }).join("");
  }
  function showDetail(title, jobs, graph, summary, jobsTitle) {
    $("#detail").hidden = false;
    $("#detail-title").textContent = title;
    $("#detail-summary").textContent = summary || "";
    $("#jobs-title").textContent = jobsTitle || "Jobs";
    $("#jobs tbody").innerHTML = jobRows(jobs);
    renderLineageGraph($("#graph"), graph);
    if ($("#graph-search").value) highlightLineage($("#graph"), $("#graph-search").value);
  }
  function openRun(id) {
    state = { run: id, event: null, impact: null };
    return api("/api/runs/" + id).then(function (r) { showDetail("Run " + r.id + " \\u2014 " + r.status + (r.unmatchedTables.length ? " (nothing reads: " + r.unmatchedTables.join(", ") + ")" : ""), r.jobs, r.graph); });
  }
  function openEvent(id) {
    state = { run: null, event: id, impact: null };
    return api("/api/events/" + id).then(function (e) { showDetail("Event " + e.id + " \\u2014 " + e.source + " \\u2014 " + e.status, e.jobs, e.graph); });
  }
  function openImpact(table) {
    state = { run: null, event: null, impact: table };
    return api("/api/impact?table=" + encodeURIComponent(table)).then(function (d) {
      var l = d.lineage, summary;
      if (!l) summary = d.lineageError;
      else {
        var schedules = l.nodes.filter(function (n) { return n.kind === "schedule"; }).length;
        var downstream = l.nodes.filter(function (n) { return n.depth > 0 && n.kind !== "schedule"; }).length;
        summary = (l.unmatchedTables.length ? "no table the lineage knows matches " + l.unmatchedTables.join(", ") + ". " : "") +
          downstream + " node(s) downstream, " + schedules + " schedule(s) a refresh would run" +
          (l.truncated ? " (nearest " + l.truncated.shown + " of " + l.truncated.total + " drawn)" : "") + (l.notes.length ? ". Notes: " + l.notes.join("; ") : "");
      }
      showDetail("What " + table + " feeds", d.jobs, d.graph, summary, "Recent runs for this table (" + d.jobs.length + " job(s))");
    });
  }
  var suggestTimer = null;
  $("#impact-table").addEventListener("input", function () {
    clearTimeout(suggestTimer);
    var q = $("#impact-table").value;
    if (q.length < 2) return;
    suggestTimer = setTimeout(function () {
      api("/api/tables?q=" + encodeURIComponent(q)).then(function (d) {
        $("#impact-tables").innerHTML = d.tables.map(function (t) { return '<option value="' + esc(t) + '">'; }).join("");
      }).catch(function () {});
    }, 250);
  });
  function refresh() {
    var p = [loadEvents(), loadRuns()];
    if (state.run) p.push(openRun(state.run)); else if (state.event) p.push(openEvent(state.event)); else if (state.impact) p.push(openImpact(state.impact));
    return Promise.all(p).catch(function (e) { $("#error").textContent = e.message; });
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest("a.run-link, a.table-link, tr.ev");
    if (!t) return;
    ev.preventDefault();
    if (t.classList.contains("run-link")) openRun(t.getAttribute("data-run"));
    else if (t.classList.contains("table-link")) { $("#impact-table").value = t.getAttribute("data-table"); openImpact(t.getAttribute("data-table")); }
    else openEvent(t.getAttribute("data-id"));
  });
  ["#q", "#status", "#provider"].forEach(function (s) { $(s).addEventListener("input", loadEvents); });
  $("#impact-form").addEventListener("submit", function (ev) { ev.preventDefault(); if ($("#impact-table").value) openImpact($("#impact-table").value); });
  $("#graph-search").addEventListener("input", function () { $("#graph-count").textContent = highlightLineage($("#graph"), $("#graph-search").value) + " match(es)"; });
  var pending = null;
  function soon() { if (!pending) pending = setTimeout(function () { pending = null; refresh(); }, 150); }
  if (window.EventSource) { var es = new EventSource("/api/stream"); es.onmessage = soon; es.onerror = function () { $("#live").textContent = "live updates paused (reconnecting)"; }; es.onopen = function () { $("#live").textContent = "live"; }; }
  setInterval(refresh, 15000);
  refresh();
})();
`;

/** The page's HTML. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sigmactl serve</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 14px system-ui, sans-serif; margin: 0; color: #222; }
header { background: #1f2a44; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
header h1 { font-size: 16px; margin: 0; } #live { font-size: 12px; opacity: .8; }
main { display: grid; grid-template-columns: minmax(420px, 1fr) minmax(420px, 1.2fr); gap: 16px; padding: 12px 16px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
tr.ev, tr.run { cursor: pointer; } tr.ev:hover, tr.run:hover { background: #f5f7fb; }
.status-ready .st, .status-planned .st { color: #2e7d32; } .status-failed .st, .status-error .st, .status-skipped .st { color: #c62828; }
.status-ignored .st, .status-coalesced .st { color: #777; } .detail { color: #666; font-size: 12px; }
.filters { display: flex; gap: 8px; margin: 8px 0; } #graph { overflow: auto; border: 1px solid #eee; min-height: 80px; }
#error { color: #c62828; }
#graph svg.lineage { max-width: max(100%, 1100px); height: auto; } /* a wide impact graph shrinks a little, then scrolls: labels stay legible */
${GRAPH_VIEW_CSS}
</style></head>
<body>
<header><h1>sigmactl serve</h1><span id="live">connecting…</span><span id="error"></span></header>
<main>
<section>
  <h2>Events</h2>
  <div class="filters">
    <input id="q" type="search" placeholder="search source, table, run id…">
    <select id="status"><option value="">any status</option><option>queued</option><option>planned</option><option>coalesced</option><option>ignored</option><option>error</option></select>
    <select id="provider"><option value="">any source</option><option>generic</option><option>dbt-cloud</option><option>fivetran</option></select>
  </div>
  <table id="events"><thead><tr><th>#</th><th>received</th><th>via</th><th>source</th><th>status</th><th>tables</th></tr></thead><tbody></tbody></table>
  <h2>Runs</h2>
  <table id="runs"><thead><tr><th>run</th><th>status</th><th>created</th><th>jobs</th></tr></thead><tbody></tbody></table>
</section>
<section>
  <form id="impact-form" class="filters"><input id="impact-table" type="search" list="impact-tables" autocomplete="off" placeholder="table, e.g. PROD.SALES.ORDERS or conn/DB.SCHEMA.*"><datalist id="impact-tables"></datalist><button>what does it feed?</button></form>
  <div id="detail" hidden>
    <h2 id="detail-title"></h2>
    <p id="detail-summary" class="detail"></p>
    <div class="filters"><input id="graph-search" type="search" placeholder="find in graph…"><span id="graph-count"></span></div>
    <div id="graph"></div>
    <h3 id="jobs-title">Jobs</h3>
    <table id="jobs"><thead><tr><th>wave</th><th>kind</th><th>document</th><th>element</th><th>status</th><th>duration</th><th>why</th></tr></thead><tbody></tbody></table>
  </div>
</section>
</main>
<script src="/assets/dagre.js"></script>
<script>${GRAPH_VIEW_SCRIPT}</script>
<script>${APP_SCRIPT}</script>
</body></html>`;
}
