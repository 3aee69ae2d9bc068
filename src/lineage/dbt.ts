/**
 * The relations a dbt run rebuilt, from its artifacts (`target/run_results.json` and
 * `target/manifest.json`, dbt's published schemas, manifest v10 and newer): every model, seed
 * and snapshot whose result is `success`, as its `relation_name` (quoted as the adapter quotes
 * it, so quoted parts match exactly) or else `database.schema.alias` (alias falling back to
 * name). Failed, skipped and errored nodes, tests, and ephemeral models (no relation) are left out.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";

/** A relation dbt rebuilt. */
export interface DbtRelation {
  uniqueId: string;
  resourceType: "model" | "seed" | "snapshot";
  /** As a changed-table spec (table-spec.ts). */
  relation: string;
}

const REBUILT = new Set(["model", "seed", "snapshot"]);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The manifest schema version (10 for `.../manifest/v10.json`), or undefined. */
function manifestVersion(manifest: Obj): number | undefined {
  const m = /manifest\/v(\d+)\.json/.exec(text(obj(manifest.metadata)?.dbt_schema_version) ?? "");
  return m ? Number(m[1]) : undefined;
}

/** The rebuilt relations of one run (artifacts already parsed). @throws UserError on artifacts it cannot read. */
export function dbtRelations(runResults: unknown, manifest: unknown): DbtRelation[] {
  const rr = obj(runResults);
  const mf = obj(manifest);
  if (rr === undefined || !Array.isArray(rr.results)) throw new UserError("run_results.json: no `results` array (is it dbt's run_results.json?)");
  if (mf === undefined || obj(mf.nodes) === undefined) throw new UserError("manifest.json: no `nodes` object (is it dbt's manifest.json?)");
  const version = manifestVersion(mf);
  if (version !== undefined && version < 10) {
    throw new UserError(`manifest.json is schema v${version}; sigmactl reads v10 and newer (dbt 1.6+)`, { suggestions: ["upgrade dbt, or name the tables with --affected-by"] });
  }
  const nodes = obj(mf.nodes)!;
  const out: DbtRelation[] = [];
  const seen = new Set<string>();
  for (const r of rr.results) {
    const result = obj(r);
    const id = text(result?.unique_id);
    if (id === undefined || result?.status !== "success") continue;
    const node = obj(nodes[id]);
    const type = text(node?.resource_type) ?? id.split(".")[0];
    if (node === undefined || type === undefined || !REBUILT.has(type)) continue;
    const relation = text(node.relation_name) ?? plain(node);
    if (relation === undefined || seen.has(relation)) continue;
    seen.add(relation);
    out.push({ uniqueId: id, resourceType: type as DbtRelation["resourceType"], relation });
  }
  return out;
}

// Ephemeral models have no relation (relation_name null, materialized "ephemeral").
function plain(node: Obj): string | undefined {
  if (text(obj(node.config)?.materialized) === "ephemeral") return undefined;
  const db = text(node.database);
  const schema = text(node.schema);
  const name = text(node.alias) ?? text(node.name);
  return schema !== undefined && name !== undefined ? [db, schema, name].filter((p) => p !== undefined).join(".") : undefined;
}

/** Reads `DIR/run_results.json` and `DIR/manifest.json` (DIR may be the project: `target/` is looked into). */
export async function readDbtArtifacts(dir: string): Promise<{ runResults: unknown; manifest: unknown }> {
  const read = async (name: string): Promise<unknown> => {
    for (const p of [join(dir, name), join(dir, "target", name)]) {
      let raw: string;
      try {
        raw = await readFile(p, "utf8");
      } catch {
        continue;
      }
      try {
        return JSON.parse(raw) as unknown;
      } catch (err) {
        throw new UserError(`${p}: not valid JSON (${(err as Error).message})`);
      }
    }
    throw new UserError(`no ${name} in ${dir} or ${join(dir, "target")}`, { suggestions: ["pass the dbt project's target directory (after `dbt build` or `dbt run`)"] });
  };
  return { runResults: await read("run_results.json"), manifest: await read("manifest.json") };
}
