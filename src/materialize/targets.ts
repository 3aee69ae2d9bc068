/**
 * Target specs from flags and from a `--targets FILE` (YAML or JSON). The file is a list, or
 * an object with a `targets` list; each entry names one document and optionally elements:
 *
 *   - workbook: Sales Overview          # id, urlId, URL or name
 *     elements: [Revenue by Region]      # or `element: …`; elementName, elementId or sheetId
 *   - dataModel: 5f0c…                   # also `data-model:`
 *   - dataset: 9a1b…
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, UserError } from "../errors.js";
import type { DocumentKind, TargetSpec } from "./types.js";

const Names = z.union([z.string().min(1), z.array(z.string().min(1))]);

const EntrySchema = z
  .object({
    workbook: z.string().min(1).optional(),
    dataModel: z.string().min(1).optional(),
    "data-model": z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    element: Names.optional(),
    elements: Names.optional(),
  })
  .strict();

const ListSchema = z.array(EntrySchema);
const ObjectSchema = z.object({ targets: ListSchema }).strict();

/** Target flags as the CLI collects them. */
export interface TargetFlags {
  workbook?: string[];
  dataModel?: string[];
  dataset?: string[];
  element?: string[];
}

/** Builds specs from `--workbook/--data-model/--dataset`; `--element` filters apply to workbooks and data models. */
export function targetsFromFlags(flags: TargetFlags): TargetSpec[] {
  const elements = flags.element ?? [];
  const specs: TargetSpec[] = [];
  for (const ref of flags.workbook ?? []) specs.push({ kind: "workbook", ref, elements, source: "--workbook" });
  for (const ref of flags.dataModel ?? []) specs.push({ kind: "data-model", ref, elements, source: "--data-model" });
  for (const ref of flags.dataset ?? []) specs.push({ kind: "dataset", ref, elements: [], source: "--dataset" });
  if (elements.length > 0 && specs.every((s) => s.kind === "dataset")) {
    throw new UserError("--element filters the elements of --workbook or --data-model targets", {
      suggestions: ["a dataset has a single materialization: drop --element"],
    });
  }
  return specs;
}

/** Parses the text of a targets file (YAML or JSON). `name` is used in error messages. */
export function parseTargetsText(text: string, name: string): TargetSpec[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    // The yaml library's first line ends with ":" before a source excerpt that does not fit one line.
    throw new ConfigError(`${name}: not valid YAML or JSON: ${(err as Error).message.split("\n")[0]?.replace(/:\s*$/, "")}`, { cause: err });
  }
  // One schema per shape, so an error points into the entry instead of "matches neither form".
  const parsed = (Array.isArray(raw) ? ListSchema : ObjectSchema).safeParse(raw);
  if (!parsed.success) {
    const where = (path: PropertyKey[]): string => {
      const p = path[0] === "targets" ? path.slice(1) : path;
      if (p.length === 0) return path.length > 0 ? "targets" : "the file";
      return `entry #${Number(p[0]) + 1}${p.length > 1 ? ` (${p.slice(1).join(".")})` : ""}`;
    };
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${where(i.path)}: ${i.message}`);
    const notAList = raw === null || typeof raw !== "object";
    throw new ConfigError(notAList ? `${name}: expected a list of targets, found ${raw === null ? "nothing" : `a ${typeof raw}`}` : `${name}: ${issues.join("; ")}`, {
      suggestions: ["expected a list of entries like `- workbook: <id|urlId|url|name>` with optional `elements: [...]`"],
    });
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.targets;
  if (entries.length === 0) throw new ConfigError(`${name}: lists no targets`);
  return entries.map((e, i) => {
    const source = `${name} #${i + 1}`;
    const found: Array<[DocumentKind, string]> = [];
    if (e.workbook !== undefined) found.push(["workbook", e.workbook]);
    if (e.dataModel !== undefined) found.push(["data-model", e.dataModel]);
    if (e["data-model"] !== undefined) found.push(["data-model", e["data-model"]]);
    if (e.dataset !== undefined) found.push(["dataset", e.dataset]);
    if (found.length !== 1) {
      throw new ConfigError(`${source}: name exactly one of workbook, dataModel or dataset (found ${found.length})`);
    }
    const [kind, ref] = found[0] as [DocumentKind, string];
    const elements = [e.element ?? [], e.elements ?? []].flat();
    if (kind === "dataset" && elements.length > 0) throw new ConfigError(`${source}: a dataset has no elements to choose`);
    return { kind, ref, elements, source };
  });
}

/** Reads and parses a targets file. */
export async function readTargetsFile(path: string): Promise<TargetSpec[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`--targets ${path}: ${code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? "error"})`}`, { cause: err });
  }
  return parseTargetsText(text, path);
}
