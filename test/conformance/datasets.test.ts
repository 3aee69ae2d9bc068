/** Every dataset route the client uses, validated against Sigma's OpenAPI document. */
import { expect, it } from "vitest";
import { z } from "zod";
import {
  DatasetMaterializationRunDocSchema,
  DatasetMaterializationStartedDocSchema,
  DatasetDocSchema,
  DatasetSourceDocSchema,
} from "../../src/schemas/index.js";
import { Conformance, SIZES, seg } from "./support.js";
import { describeWithOpenApi } from "../helpers/openapi.js";

describeWithOpenApi.each(SIZES)("dataset routes conform to the OpenAPI document (%s org)", (size) => {
  const c = Conformance.forSuite(size);

  it("lists, gets, reads sources and materialization history of every dataset; starts a run", async () => {
    const datasets = (await c.walkBoth("/v2/datasets", "page", DatasetDocSchema)) as Array<{ datasetId: string }>;
    expect(datasets.length, "the emulator org has datasets").toBeGreaterThan(0);
    let sourcesOk = 0;
    for (const ds of datasets) {
      const base = `/v2/datasets/${seg(ds.datasetId)}`;
      c.expectValid("GET", base, await c.call("GET", base), DatasetDocSchema);
      const src = await c.call("GET", `${base}/sources`);
      // Unresolvable datasets answer 409 inode_archived (sigma-api-facts §5.3).
      if (src.status === 409) c.expectError("GET", `${base}/sources`, src, 409);
      else if (c.expectValid("GET", `${base}/sources`, src, z.array(DatasetSourceDocSchema))) sourcesOk++;
      await c.walkBoth(`${base}/materialization`, "page", DatasetMaterializationRunDocSchema);
    }
    expect(sourcesOk, "at least one dataset has readable sources").toBeGreaterThan(0);
    const first = datasets[0] as { datasetId: string };
    const post = `/v2/datasets/${seg(first.datasetId)}/materialization`;
    c.expectValid("POST", post, await c.call("POST", post, {}), DatasetMaterializationStartedDocSchema);
    c.assertClean(8);
  });
});
