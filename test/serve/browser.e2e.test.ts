/**
 * The page and the static lineage file in a real browser: Debian's headless Chromium driven by
 * playwright-core. Screenshots go to test-artifacts/serve/ (gitignored). Without
 * /usr/bin/chromium (or $CHROMIUM_PATH) the tests are skipped and say so; CI (.ci/run)
 * installs it.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Truth } from "../../src/emulator/org/truth.js";
import { runCli } from "../helpers/run-cli.js";
import { extractOrg, orgOf, visibleWorkbooks } from "../lineage/support.js";
import { activeWorkbooks, startHarness, type ServeHarness } from "./helpers.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE = existsSync(CHROMIUM);
const ARTIFACTS = resolve("test-artifacts/serve");
// CI (.ci/run) installs Chromium and requires these tests: a missing browser there is a failure, not a skip.
if (!HAVE && process.env.SIGMACTL_BROWSER_TESTS_REQUIRED === "1") throw new Error(`no Chromium at ${CHROMIUM}, and .ci/run requires the browser tests`);
if (!HAVE) console.warn(`[serve browser tests] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!HAVE)("serve page and lineage html in headless Chromium", () => {
  let browser: Browser;
  let h: ServeHarness;
  let root: string;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    h = await startHarness();
    root = await mkdtemp(join(tmpdir(), "sigmactl-serve-html-"));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("a run appears after a webhook, opens with its jobs and the lineage graph, and updates live", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000); // shared 2-core machines: generous, the waits end as soon as the page is there
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${h.serve.url}/`);
    await page.waitForSelector("#live:text('live')", { timeout: 30_000 });
    expect(await page.locator("#runs tbody tr").count()).toBe(0);
    const doc = (await activeWorkbooks(h.client))[0]!;
    const res = await h.postGeneric({ source: "rivery", runId: "browser-1", targets: [doc.target] });
    const { id } = (await res.json()) as { id: number };
    // No reload: the row arrives through /api/stream.
    await page.waitForSelector(`#events tr[data-id="${id}"]`, { timeout: 30_000 });
    await page.waitForSelector("#runs tbody tr.run", { timeout: 30_000 });
    await page.click("#runs tbody tr.run a.run-link");
    await page.waitForSelector("#jobs tbody tr.job");
    expect(await page.locator("#jobs tbody tr.job").count()).toBe(doc.sheetIds.length);
    await page.waitForSelector("#graph svg.lineage g.node");
    expect(await page.locator("#graph svg.lineage g.node").count()).toBe(doc.sheetIds.length + 1);
    expect(await page.locator("#graph svg.lineage path.edge").count()).toBe(doc.sheetIds.length);
    // Live: the jobs turn ready without a reload.
    // (Locators, not waitForFunction: the page's CSP forbids the eval that a string predicate needs.)
    await page.locator("#jobs tbody tr.job:not(.status-ready)").first().waitFor({ state: "detached", timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, "serve-run.png"), fullPage: true });
    // Search filters the events.
    await page.fill("#q", "no-such-source-anywhere");
    await page.locator("#events tbody tr").first().waitFor({ state: "detached" });
    await page.fill("#q", "rivery");
    await page.waitForSelector(`#events tr[data-id="${id}"]`);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("the impact view: type a table, see what it feeds drawn as a graph, schedules marked", async () => {
    const truth = h.emu.truth() as Truth;
    const t = truth.tables.find((x) => x.downstreamSchedules.some((d) => d.depth > 1)) ?? truth.tables.find((x) => x.downstreamSchedules.length > 0)!;
    const table = `${t.connectionId}/${t.path.join(".")}`;
    const want = await (await fetch(`${h.serve.url}/api/impact?table=${encodeURIComponent(table)}`)).json() as { graph: { nodes: Array<{ label: string; kind: string }>; edges: unknown[] } };
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${h.serve.url}/`);
    await page.waitForSelector("#live:text('live')");
    await page.fill("#impact-table", table);
    await page.click("#impact-form button");
    await page.waitForSelector("#detail-title:text('feeds')");
    await page.waitForSelector("#graph svg.lineage g.node.kind-schedule");
    const labels = await page.locator("#graph svg.lineage g.node").evaluateAll((els) => els.map((e) => e.getAttribute("data-label") ?? ""));
    expect(labels.sort()).toEqual(want.graph.nodes.map((n) => n.label).sort());
    expect(labels).toContain(`${truth.connections.find((c) => c.connectionId === t.connectionId)!.name}/${t.path.join(".")}`);
    expect(await page.locator("#graph svg.lineage g.node.kind-schedule").count()).toBe(t.downstreamSchedules.length);
    expect(await page.locator("#graph svg.lineage path.edge").count()).toBe(want.graph.edges.length);
    await expect(page.locator("#detail-summary").textContent()).resolves.toMatch(new RegExp(`${t.downstreamSchedules.length} schedule\\(s\\)`));
    await page.screenshot({ path: join(ARTIFACTS, "serve-impact.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("`sigmactl lineage --format html -o FILE` opens offline, draws the graph, and its search finds a table", async () => {
    const org = orgOf(1, "tiny");
    const dir = join(root, "sigma");
    await extractOrg(org, dir, "all");
    const file = join(root, "lineage.html");
    const r = await runCli(["lineage", "-d", dir, "-o", file, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(file, "utf8");
    expect(html).not.toMatch(/<script src=/); // self-contained
    const table = org.tables.find((t) => visibleWorkbooks(org).some((w) => w.sources.some((s) => (s as { inodeId?: string }).inodeId === t.inodeId)))!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000); // shared 2-core machines: generous, the waits end as soon as the page is there
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // Offline: any request the file makes fails the test.
    const requests: string[] = [];
    page.on("request", (req) => void (req.url().startsWith("file:") || requests.push(req.url())));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("#graph svg.lineage g.node");
    const nodes = await page.locator("#graph svg.lineage g.node").count();
    expect(nodes).toBe((JSON.parse(r.stdout) as { nodes: number }).nodes);
    await page.fill("#search", table.path.at(-1)!);
    await page.waitForSelector("#graph g.node.match");
    expect(await page.locator("#graph g.node.match").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#graph g.node.dim").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "lineage-html.png") });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});
