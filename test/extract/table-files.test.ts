/**
 * Table ids only their file resolves: when `GET /v2/connections/paths/{id}` refuses a table
 * (404 here, injected in front of the emulator), extract asks `GET /v2/files/{id}` once per
 * table per run and takes the database and schema from the file's path, for table sources and
 * for lineage `table` entries alike; a table neither answers for is recorded as a skip. The
 * lineage graph of that run still places every table.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { generateOrg } from "../../src/emulator/org/index.js";
import type { Truth } from "../../src/emulator/org/truth.js";
import { extract } from "../../src/extract/index.js";
import { buildLineageGraph } from "../../src/lineage/index.js";
import { rows } from "./support.js";

const TS = 1_700_000_300;
let root: string;
let emu: Emulator;
let truth: Truth;
const requests: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-table-files-"));
  // Strict bodies: real ones may omit a lineage entry's connectionId, which a table file cannot give back.
  emu = await createEmulator({ seed: 1, size: "tiny", shape: "strict", log: () => {} });
  truth = emu.truth() as Truth;
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

const notFound = (what: string) =>
  new Response(JSON.stringify({ code: "not_found", message: `${what} not found`, requestId: "00000000-0000-4000-8000-000000000000" }), {
    status: 404,
    headers: { "content-type": "application/json" },
  });

/** A client whose connection-path lookups of `refused` tables answer 404 (and files of `gone` too). */
function clientRefusing(refused: Set<string>, gone: Set<string>): SigmaClient {
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const last = decodeURIComponent(url.pathname.split("/").pop() ?? "");
    requests.push(url.pathname);
    if (url.pathname.startsWith("/v2/connections/paths/") && refused.has(last)) return notFound(`Table ${last}`);
    if (url.pathname.startsWith("/v2/files/") && gone.has(last)) return notFound(`File ${last}`);
    return emu.fetch(input, init);
  };
  // A wrapped in-process fetch: nothing leaves the process, so plain http to the emulator is fine.
  return new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch, allowInsecureHttp: true });
}

describe("tables resolved through their file", () => {
  it("fills paths from GET /v2/files/{id} once per table, records tables nothing resolves, and lineage places them", async () => {
    const dir = join(root, "run");
    // Tables the workbooks read: refuse the connection path of all of them; one has no file either.
    const used = [...new Set(truth.tables.map((t) => t.inodeId))];
    const refused = new Set(used);
    // One table a listed workbook reads has no file either.
    const wb = generateOrg({ seed: 1, size: "tiny" }).workbooks.find((w) => !w.hiddenFromCaller && w.workbook.isArchived !== true && w.sources.some((x) => x.type === "table"))!;
    const lost = String((wb.sources.find((x) => x.type === "table") as { inodeId: string }).inodeId);
    const gone = new Set([lost]);
    requests.length = 0;
    const result = await extract({ client: clientRefusing(refused, gone), outDir: dir, timestamp: TS, assets: "default", maxErrors: Number.MAX_SAFE_INTEGER });

    const byInode = new Map(truth.tables.map((t) => [t.inodeId, t]));
    // Table sources and lineage table entries: the path of the file, the connection only where the entry names it.
    let fromFiles = 0;
    const sourceRows = (await rows(dir, TS, "workbook_sources")).flatMap((r) => r.sources as Array<Record<string, unknown>>);
    for (const s of sourceRows.filter((x) => x.type === "table")) {
      const id = String(s.inodeId);
      if (id === lost) {
        expect(s.path).toBeNull();
        continue;
      }
      expect(s.path, id).toEqual(byInode.get(id)!.path);
      expect(s.connectionId).toBeNull();
      fromFiles++;
    }
    const lineageTables = (await rows(dir, TS, "lineage")).filter((e) => e.type === "table");
    for (const e of lineageTables) {
      const id = String(e.inodeId);
      if (id === lost) continue;
      expect(e.path, id).toEqual(byInode.get(id)!.path);
      expect(e.connectionId).toBe(byInode.get(id)!.connectionId);
    }
    expect(fromFiles).toBeGreaterThan(3);
    expect(lineageTables.length).toBeGreaterThan(3);

    // Once per table per run, for both lookups.
    const asked = (prefix: string) => requests.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
    const filesAsked = asked("/v2/files/");
    expect(new Set(filesAsked).size).toBe(filesAsked.length);
    const pathsAsked = asked("/v2/connections/paths/");
    expect(new Set(pathsAsked).size).toBe(pathsAsked.length);
    expect(new Set(filesAsked)).toEqual(new Set(pathsAsked));

    // The table nothing resolves is a recorded skip, like any failed path lookup.
    const issues = result.summary.errors.filter((i) => i.message.includes(`table ${lost}`));
    // (Identical failures of one document fold into one record naming every asset.)
    const assets = issues.flatMap((i) => i.asset.split(","));
    expect(assets).toContain("workbook_sources");
    expect(assets).toContain("lineage");
    expect(issues.every((i) => i.status === 404 && i.documentType !== undefined)).toBe(true);

    // The graph places each table under its connection and path, whichever file said what.
    const g = await buildLineageGraph(dir);
    for (const e of lineageTables) {
      const t = byInode.get(String(e.inodeId))!;
      if (t.inodeId === lost) continue;
      expect(g.nodes.some((n) => n.id === `table:${t.connectionId}/${t.path.join(".")}`), t.path.join(".")).toBe(true);
    }
  });
});
