/**
 * Fault injection: 5xx answers, connection resets, slow responses, injected 429s and early
 * token revocation, by seeded probability or by rule (the Nth matching request). All off by
 * default; deterministic for a given seed and request order (own PRNG stream "faults").
 * Faults never apply to /__emulator/ routes (the dispatcher skips them).
 *
 * Spec grammar (the `--faults` flag and POST /__emulator/faults {spec}):
 *
 *   spec     := "" | "none" | entry ("," entry)*
 *   entry    := fault | setting
 *   fault    := kind ["@" pathPrefix] "=" trigger [":" ms]
 *   kind     := "5xx" | "500" | "502" | "503" | "504" | "429" | "reset" | "slow" | "revoke"
 *   trigger  := probability            a number in [0, 1], drawn per matching request
 *             | "#" n ["-" m]          the n-th (to m-th) matching request, 1-based
 *   setting  := "retry-after=" probability     share of 429s that carry Retry-After (default 0.5)
 *             | "429-body=" ("json" | "html" | "empty")   body of 429s (default json)
 *             | "5xx-body=" ("json" | "html")   body of injected 502/504s: Sigma's JSON envelope
 *                                                (default) or a gateway's HTML page
 *
 *   ms is the delay of `slow` (default 1000). "5xx" picks 500/502/503/504 uniformly.
 *   Example: 5xx=0.1,429=0.05,reset=0.01,slow=0.02:1500,revoke=0.001,retry-after=0.5
 *            503@/v2/workbooks=#1-2   (the first two requests under /v2/workbooks get 503)
 */
import { Rng as Prng } from "./org/rng.js";

/** What a fault does. */
export type FaultKind = "5xx" | "500" | "502" | "503" | "504" | "429" | "reset" | "slow" | "revoke";

const KINDS: readonly FaultKind[] = ["5xx", "500", "502", "503", "504", "429", "reset", "slow", "revoke"];

/** Body sent with a 429: Sigma's JSON envelope, a Cloudflare-like HTML page, or nothing. */
export type RateLimitBody = "json" | "html" | "empty";

/** One fault rule. Exactly one of `probability` and `nth` should be set. */
export interface FaultRule {
  kind: FaultKind;
  /** Chance per matching request, in [0, 1]. */
  probability?: number;
  /** Fire on the `from`-th to `to`-th matching request (1-based, inclusive). */
  nth?: { from: number; to: number };
  /** Only requests whose path starts with this prefix match. */
  pathPrefix?: string;
  /** Delay of a `slow` fault in milliseconds (default 1000). */
  delayMs?: number;
}

/** A full fault configuration. */
export interface FaultSpec {
  rules: FaultRule[];
  /** Share of 429 answers (injected or from the rate limiter) that carry Retry-After; default 0.5. */
  retryAfterProbability?: number;
  /** Body of 429 answers; default "json". */
  rateLimitBody?: RateLimitBody;
  /** Body of injected 502/504 answers; default "json" (500/503 are always JSON). */
  gatewayBody?: "json" | "html";
}

/** What the dispatcher must do to one request. */
export interface FaultDecision {
  /** Status to answer instead of running the route, or "reset" to drop the connection. */
  terminal?: 500 | 502 | 503 | 504 | 429 | "reset";
  /** Extra delay before answering. */
  slowMs: number;
  /** Revoke the presented token before authenticating it. */
  revoke: boolean;
}

function parseProbability(text: string, what: string): number {
  const p = Number(text);
  if (text.trim() === "" || !Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`${what}: probability must be a number between 0 and 1, got "${text}"`);
  return p;
}

function parseEntry(entry: string, spec: FaultSpec): void {
  const eq = entry.indexOf("=");
  if (eq <= 0) throw new RangeError(`fault "${entry}": expected KIND=VALUE`);
  const left = entry.slice(0, eq).trim();
  const right = entry.slice(eq + 1).trim();
  if (left === "retry-after") {
    spec.retryAfterProbability = parseProbability(right, "retry-after");
    return;
  }
  if (left === "429-body") {
    if (right !== "json" && right !== "html" && right !== "empty") throw new RangeError(`429-body must be json, html or empty, got "${right}"`);
    spec.rateLimitBody = right;
    return;
  }
  if (left === "5xx-body") {
    if (right !== "json" && right !== "html") throw new RangeError(`5xx-body must be json or html, got "${right}"`);
    spec.gatewayBody = right;
    return;
  }
  const at = left.indexOf("@");
  const kind = (at >= 0 ? left.slice(0, at) : left) as FaultKind;
  if (!KINDS.includes(kind)) throw new RangeError(`unknown fault kind "${kind}" (expected one of ${KINDS.join(", ")}, retry-after, 429-body, 5xx-body)`);
  const rule: FaultRule = { kind };
  if (at >= 0) {
    const prefix = left.slice(at + 1);
    if (!prefix.startsWith("/")) throw new RangeError(`fault "${entry}": the path after @ must start with /`);
    rule.pathPrefix = prefix;
  }
  const [trigger = "", ms] = right.split(":");
  if (ms !== undefined) {
    if (kind !== "slow") throw new RangeError(`fault "${entry}": only slow takes a :MS delay`);
    const delay = Number(ms);
    if (!Number.isInteger(delay) || delay < 0) throw new RangeError(`fault "${entry}": delay must be a whole number of milliseconds`);
    rule.delayMs = delay;
  }
  const nth = /^#(\d+)(?:-(\d+))?$/.exec(trigger);
  if (nth) {
    const from = Number(nth[1]);
    const to = nth[2] === undefined ? from : Number(nth[2]);
    if (from < 1 || to < from) throw new RangeError(`fault "${entry}": #N-M needs 1 <= N <= M`);
    rule.nth = { from, to };
  } else {
    rule.probability = parseProbability(trigger, `fault "${entry}"`);
  }
  spec.rules.push(rule);
}

/** Parses a fault spec string (grammar above). Throws RangeError with a readable message. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = { rules: [] };
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "none" || trimmed === "off") return spec;
  for (const entry of trimmed.split(",")) {
    if (entry.trim() === "") throw new RangeError(`empty entry in fault spec "${text}"`);
    parseEntry(entry.trim(), spec);
  }
  return spec;
}

/** Decides faults per request; holds the rule counters and the seeded stream. */
export class FaultInjector {
  private spec: FaultSpec = { rules: [] };
  private counters: number[] = [];
  private prng: Prng;
  // Own stream: drawing Retry-After values never shifts which requests get faults.
  private retryAfterPrng: Prng;

  constructor(private readonly seed: number, spec?: FaultSpec | string) {
    this.prng = new Prng(seed, "faults");
    this.retryAfterPrng = new Prng(seed, "retry-after");
    if (spec !== undefined) this.set(spec);
  }

  /** Replaces the configuration; counters and the random stream restart (determinism). */
  set(spec: FaultSpec | string): void {
    this.spec = typeof spec === "string" ? parseFaultSpec(spec) : { ...spec, rules: spec.rules.map((r) => ({ ...r })) };
    this.counters = this.spec.rules.map(() => 0);
    this.prng = new Prng(this.seed, "faults");
    this.retryAfterPrng = new Prng(this.seed, "retry-after");
  }

  /** The active configuration. */
  current(): FaultSpec {
    return this.spec;
  }

  /** Share of 429s that carry Retry-After. */
  get retryAfterProbability(): number {
    return this.spec.retryAfterProbability ?? 0.5;
  }

  /** Body style of 429s. */
  get rateLimitBody(): RateLimitBody {
    return this.spec.rateLimitBody ?? "json";
  }

  /** Body style of injected 502/504s. */
  get gatewayBody(): "json" | "html" {
    return this.spec.gatewayBody ?? "json";
  }

  /** True when no rule is configured (fast path). */
  get idle(): boolean {
    return this.spec.rules.length === 0;
  }

  /** Draws once: should this 429 carry Retry-After? */
  includeRetryAfter(): boolean {
    return this.prng.chance(this.retryAfterProbability);
  }

  /** Seconds an injected 429 asks the client to wait: seeded, 1 to 5 (an edge's typical hints). */
  retryAfterSeconds(): number {
    return this.retryAfterPrng.int(1, 5);
  }

  /** Evaluates every rule against one request, in order; the first terminal fault wins. */
  decide(path: string): FaultDecision {
    const decision: FaultDecision = { slowMs: 0, revoke: false };
    this.spec.rules.forEach((rule, i) => {
      if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) return;
      const n = (this.counters[i] = (this.counters[i] ?? 0) + 1);
      // Probabilistic rules always draw, so one rule's outcome never shifts another's stream.
      const fire = rule.nth ? n >= rule.nth.from && n <= rule.nth.to : this.prng.chance(rule.probability ?? 0);
      const pick = rule.kind === "5xx" ? this.prng.pick([500, 502, 503, 504] as const) : undefined;
      if (!fire) return;
      if (rule.kind === "slow") decision.slowMs = Math.max(decision.slowMs, rule.delayMs ?? 1000);
      else if (rule.kind === "revoke") decision.revoke = true;
      else if (decision.terminal === undefined) {
        decision.terminal = rule.kind === "reset" ? "reset" : pick ?? (Number(rule.kind) as 500 | 502 | 503 | 504 | 429);
      }
    });
    return decision;
  }
}
