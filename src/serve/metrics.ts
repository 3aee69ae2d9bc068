/**
 * Prometheus text exposition (format 0.0.4) of the service: counters kept here, gauges read at
 * scrape time (queue depth from the database, Sigma API figures from the client).
 */

type Labels = Record<string, string>;

const esc = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (l: Labels): string => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};

interface Family {
  help: string;
  type: "counter" | "gauge" | "summary";
  values: Map<string, number>;
}

/** The service's metrics registry. */
export class Metrics {
  private readonly families = new Map<string, Family>();

  /** Declares a metric family (idempotent). */
  declare(name: string, type: Family["type"], help: string): void {
    if (!this.families.has(name)) this.families.set(name, { help, type, values: new Map() });
  }

  /** Adds `by` to a counter. */
  inc(name: string, labels: Labels = {}, by = 1): void {
    const f = this.families.get(name);
    if (!f) throw new Error(`metric ${name} not declared`);
    const key = labelText(labels);
    f.values.set(key, (f.values.get(key) ?? 0) + by);
  }

  /** Sets a gauge. */
  set(name: string, labels: Labels, value: number): void {
    const f = this.families.get(name);
    if (!f) throw new Error(`metric ${name} not declared`);
    f.values.set(labelText(labels), value);
  }

  /** Records one observation of a summary (as _sum and _count). */
  observe(name: string, labels: Labels, value: number): void {
    const f = this.families.get(name);
    if (!f) throw new Error(`metric ${name} not declared`);
    const l = labelText(labels);
    const sumKey = `_sum${l}`;
    const countKey = `_count${l}`;
    f.values.set(sumKey, (f.values.get(sumKey) ?? 0) + value);
    f.values.set(countKey, (f.values.get(countKey) ?? 0) + 1);
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [key, v] of f.values) {
        if (key.startsWith("_sum") || key.startsWith("_count")) {
          const suffix = key.startsWith("_sum") ? "_sum" : "_count";
          out.push(`${name}${suffix}${key.slice(suffix.length)} ${v}`);
        } else out.push(`${name}${key} ${v}`);
      }
    }
    return `${out.join("\n")}\n`;
  }
}

/** The registry with every family serve reports. */
export function serveMetrics(): Metrics {
  const m = new Metrics();
  m.declare("sigmactl_serve_events_total", "counter", "Webhook deliveries by source and outcome (accepted, duplicate, unauthorized, invalid, too_large, ignored).");
  m.declare("sigmactl_serve_triggers_total", "counter", "Materializations triggered in Sigma (attachments to running jobs not counted).");
  m.declare("sigmactl_serve_attached_total", "counter", "Jobs followed instead of triggered (already running in Sigma).");
  m.declare("sigmactl_serve_coalesced_total", "counter", "Schedules an event asked for that were already queued or running.");
  m.declare("sigmactl_serve_jobs_total", "counter", "Jobs that ended, by outcome.");
  m.declare("sigmactl_serve_job_duration_seconds", "summary", "Durations of jobs that ended, by outcome.");
  m.declare("sigmactl_serve_runs_total", "counter", "Runs that ended, by outcome.");
  m.declare("sigmactl_serve_queue_depth", "gauge", "Events waiting to be planned and jobs waiting to be triggered.");
  m.declare("sigmactl_serve_sigma_requests_total", "gauge", "HTTP requests sent to the Sigma API by this process.");
  m.declare("sigmactl_serve_sigma_rate_limited_total", "gauge", "429 answers received from the Sigma API.");
  m.declare("sigmactl_serve_sigma_server_errors_total", "gauge", "5xx answers received from the Sigma API.");
  return m;
}
