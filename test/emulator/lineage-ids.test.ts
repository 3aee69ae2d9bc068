/**
 * The emulator's lineage id schemes over HTTP: `sigma` (default, the evidence of sigma-api-facts
 * §5.2) and `legacy` (the first scheme, served byte-for-byte from the records), the
 * `--lineage-ids` flag, and table entries whose `inodeId` GET /v2/files/{id} resolves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parseEmulatorFlags } from "../../src/emulator/cli-options.js";
import { createEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { dataModelNodeSuffix } from "../../src/emulator/org/lineage.js";
import type { Org, Truth } from "../../src/emulator/org/index.js";
import { generateOrg } from "../../src/emulator/org/index.js";
import { api, tokenFor, type Json } from "./fixture.js";

const org: Org = generateOrg({ seed: 2, size: "tiny" });
const emus: Record<"sigma" | "legacy", Emulator> = {} as never;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Strict bodies: ids are compared with the records byte for byte (shapes have their own tests).
  emus.sigma = await createEmulator({ seed: 2, size: "tiny", shape: "strict", log: () => {} });
  emus.legacy = await createEmulator({ seed: 2, size: "tiny", shape: "strict", lineageIds: "legacy", log: () => {} });
  tokens.sigma = await tokenFor(emus.sigma);
  tokens.legacy = await tokenFor(emus.legacy);
});
afterAll(async () => {
  await emus.sigma.close();
  await emus.legacy.close();
});

const get = (scheme: "sigma" | "legacy", path: string) => api(emus[scheme], tokens[scheme]!, path);
const listed = org.workbooks.filter((w) => !w.hiddenFromCaller && w.workbook.isArchived !== true);

describe("lineage ids", () => {
  it("legacy serves the records as they are, byte for byte", async () => {
    for (const w of listed.slice(0, 4)) {
      const doc = await get("legacy", `/v2/workbooks/${w.workbook.workbookId}/lineage?limit=1000`);
      expect(doc.body.entries).toEqual(w.lineage);
      const el = w.elements.find((e) => !("error" in e.lineage))!;
      const graph = await get("legacy", `/v2/workbooks/${w.workbook.workbookId}/lineage/elements/${el.element.elementId}`);
      expect(JSON.stringify(graph.body)).toBe(JSON.stringify(el.lineage));
    }
    const dm = org.dataModels[0]!;
    expect((await get("legacy", `/v2/dataModels/${dm.dataModel.dataModelId}/lineage?limit=1000`)).body.entries).toEqual(dm.lineage);
  });

  it("sigma (the default) writes tables inode-<id> and data-model elements <dataModelUrlId>/<suffix> in sourceIds", async () => {
    const truth = emus.sigma.truth() as Truth;
    expect(truth.lineageIds).toBe("sigma");
    const dmNodes = new Set(truth.dataModels.flatMap((d) => d.elements.map((e) => e.lineageNodeId)));
    const tables = new Set(org.tables.map((t) => t.inodeId));
    let dmRefs = 0;
    let tableRefs = 0;
    for (const w of listed) {
      const entries = (await get("sigma", `/v2/workbooks/${w.workbook.workbookId}/lineage?limit=1000`)).body.entries as Json[];
      for (const e of entries.filter((x) => x.type === "element")) {
        for (const id of [...(e.sourceIds as string[]), ...(e.dataSourceIds as string[])]) {
          expect(tables.has(id), `bare table id ${id}`).toBe(false);
          if (id.startsWith("inode-") && tables.has(id.slice(6))) tableRefs++;
          if (dmNodes.has(id)) dmRefs++;
          expect(org.dataModels.some((d) => d.dataModel.dataModelId === id), `bare data-model id ${id}`).toBe(false);
        }
      }
    }
    expect(tableRefs).toBeGreaterThan(0);
    expect(dmRefs).toBeGreaterThan(0);
  });

  it("sigma: a data-model node has no elementId, is named after the element, and its suffix is not the elementId", async () => {
    let seen = 0;
    for (const w of listed) {
      for (const el of w.elements.filter((e) => !("error" in e.lineage))) {
        const g = (await get("sigma", `/v2/workbooks/${w.workbook.workbookId}/lineage/elements/${el.element.elementId}`)).body as Json;
        for (const n of Object.values(g.dependencies) as Json[]) {
          if (n.type === "join") expect("name" in n).toBe(false);
          if (n.type !== "data-model") continue;
          seen++;
          const [urlId, suffix] = String(n.nodeId).split("/");
          const dm = org.dataModels.find((d) => d.dataModel.dataModelUrlId === urlId)!;
          expect(dm).toBeDefined();
          expect(n.elementId).toBeUndefined();
          const named = dm.elements.filter((e) => dataModelNodeSuffix(dm.dataModel.dataModelId, e.elementId) === suffix);
          expect(named).toHaveLength(1);
          expect(n.name).toBe(named[0]!.name);
          expect(suffix).not.toBe(named[0]!.elementId);
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("a lineage table entry's inodeId is a table file: GET /v2/files/{id} gives its database, schema and name", async () => {
    let checked = 0;
    for (const w of listed) {
      const entries = (await get("sigma", `/v2/workbooks/${w.workbook.workbookId}/lineage?limit=1000`)).body.entries as Json[];
      for (const e of entries.filter((x) => x.type === "table")) {
        const file = await get("sigma", `/v2/files/${e.inodeId as string}`);
        expect(file.status).toBe(200);
        const t = org.tables.find((x) => x.inodeId === e.inodeId)!;
        expect(file.body).toMatchObject({ id: e.inodeId, type: "table", name: t.path[2] });
        expect(String(file.body.path).split("/").slice(-2)).toEqual(t.path.slice(0, 2));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("truth gives each data-model element's node id in the active scheme", () => {
    const sigma = emus.sigma.truth() as Truth;
    const legacy = emus.legacy.truth() as Truth;
    expect(legacy.lineageIds).toBe("legacy");
    for (const [i, d] of sigma.dataModels.entries()) {
      for (const [j, e] of d.elements.entries()) {
        expect(e.lineageNodeId).toBe(`${d.dataModelUrlId}/${dataModelNodeSuffix(d.dataModelId, e.elementId)}`);
        expect(legacy.dataModels[i]!.elements[j]!.lineageNodeId).toBe(`inode-${d.dataModelUrlId}`);
      }
    }
  });

  it("is chosen with lineageIds / --lineage-ids, and refuses other schemes", async () => {
    expect(parseEmulatorFlags({ lineageIds: "legacy" }).lineageIds).toBe("legacy");
    expect(parseEmulatorFlags({}).lineageIds).toBeUndefined();
    expect(() => parseEmulatorFlags({ lineageIds: "sigmaa" })).toThrow(UserError);
    await expect(createEmulator({ lineageIds: "castor" as never, log: () => {} })).rejects.toThrow(RangeError);
  });
});
