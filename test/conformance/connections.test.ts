/** Connection routes, validated against Sigma's OpenAPI document, plus path/lookup round trips. */
import { expect, it } from "vitest";
import {
  ConnectionLookupDocSchema,
  ConnectionPathEntryDocSchema,
  ConnectionPathDocSchema,
  ConnectionDocSchema,
  SigmaFileDocSchema,
  TableColumnDocSchema,
} from "../../src/schemas/index.js";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

// Tables per org that get the full path/lookup/columns round trip.
const TABLES_CHECKED = 8;

describeWithOpenApi.each(SIZES)("connection routes conform to the OpenAPI document (%s org)", (size) => {
  const c = Conformance.forSuite(size);

  it("lists and gets connections; lists paths (all and per connection)", async () => {
    const conns = (await c.walkBoth("/v2/connections", "page", ConnectionDocSchema)) as Array<{ connectionId: string }>;
    expect(conns.length).toBeGreaterThan(0);
    for (const k of conns) {
      const p = `/v2/connections/${seg(k.connectionId)}`;
      c.expectValid("GET", p, await c.call("GET", p), ConnectionDocSchema);
      await c.walkBoth(`/v2/connections/paths?connectionId=${seg(k.connectionId)}`, "page", ConnectionPathEntryDocSchema);
    }
    const paths = await c.walkBoth("/v2/connections/paths", "page", ConnectionPathEntryDocSchema);
    expect(paths.length).toBeGreaterThan(0);
    c.assertClean(20);
  });

  it("table path, lookup by path and table columns agree for tables", async () => {
    const tables = (await c.walk("/v2/files?typeFilters=table", "page", 1000, SigmaFileDocSchema)) as Array<{ id: string }>;
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables.slice(0, TABLES_CHECKED)) {
      const p = `/v2/connections/paths/${seg(t.id)}`;
      const pa = await c.call("GET", p);
      if (!c.expectValid("GET", p, pa, ConnectionPathDocSchema)) continue;
      const { connectionId, path } = pa.body as { connectionId: string; path: string[] };
      const lookup = `/v2/connection/${seg(connectionId)}/lookup`;
      const la = await c.call("POST", lookup, { path });
      if (c.expectValid("POST", lookup, la, ConnectionLookupDocSchema)) {
        const found = la.body as { kind: string; inodeId: string };
        if (found.inodeId !== t.id || found.kind !== "table") {
          c.mismatches.push(`${lookup} ${JSON.stringify(path)}: got ${found.kind} ${found.inodeId}, expected table ${t.id}`);
        }
      }
      await c.walkBoth(`/v2/connections/tables/${seg(t.id)}/columns`, "token", TableColumnDocSchema);
    }
    // A scope (database/schema) lookup is valid too.
    const conns = (await c.walk("/v2/connections/paths", "page", 1, ConnectionPathEntryDocSchema)) as Array<{ connectionId: string; path: string[] }>;
    const entry = conns[0];
    if (entry && entry.path.length > 1) {
      const lookup = `/v2/connection/${seg(entry.connectionId)}/lookup`;
      c.expectValid("POST", lookup, await c.call("POST", lookup, { path: entry.path.slice(0, 1) }), ConnectionLookupDocSchema);
    }
    c.assertClean(40);
  });
});
