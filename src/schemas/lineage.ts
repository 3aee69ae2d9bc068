/**
 * Lineage payloads: whole-document lineage entries (`/v2/workbooks/{id}/lineage`,
 * `/v2/dataModels/{id}/lineage`) and one element's lineage graph
 * (`/v2/workbooks/{id}/lineage/elements/{elementId}`).
 */
import { z } from "zod";
import { maybe } from "./reading.js";

/** `type` values the document declares for lineage entries (the reader keeps `type` open). */
export const KNOWN_LINEAGE_TYPES = [
  "table",
  "dataset",
  "data-model",
  "element",
  "customSQL",
  "csv-upload",
  "semantic-view",
  "sql-document",
  "worksheet",
] as const;

const lineageType = z.enum(KNOWN_LINEAGE_TYPES);

/** Documented: an element of the document and what it reads from. */
export const LineageElementEntryDocSchema = z.strictObject({
  type: lineageType,
  sourceIds: z.array(z.string()).nullable(),
  elementId: z.string(),
  dataSourceIds: z.array(z.string()).nullable(),
});

// Every documented source entry has these; exactly one id field tells the variants apart.
const sourceBase = { type: lineageType, connectionId: z.string().nullable(), name: z.string().nullable() };

/** Documented: a data model the document reads from. */
export const LineageDataModelEntryDocSchema = z.strictObject({ ...sourceBase, dataModelId: z.string() });
/** Documented: a table or dataset (by inode) the document reads from. */
export const LineageInodeEntryDocSchema = z.strictObject({ ...sourceBase, inodeId: z.string() });
/** Documented: custom SQL the document reads from (`definition` is the SQL text). */
export const LineageCustomSqlEntryDocSchema = z.strictObject({ ...sourceBase, definition: z.string() });
/** Documented: a CSV upload the document reads from. */
export const LineageCsvEntryDocSchema = z.strictObject({ ...sourceBase, csvId: z.string() });
/** Documented: a semantic view table the document reads from. */
export const LineageSemanticViewEntryDocSchema = z.strictObject({ ...sourceBase, semanticViewId: z.string(), semanticViewTable: z.string() });
/** Documented: a SQL document the document reads from. */
export const LineageSqlDocumentEntryDocSchema = z.strictObject({ ...sourceBase, sqlDocumentId: z.string() });
/** Documented: a worksheet the document reads from. */
export const LineageWorksheetEntryDocSchema = z.strictObject({ ...sourceBase, worksheetId: z.string() });

/** One documented entry of a lineage list (the document's union is not discriminated by `type`). */
export const LineageEntryDocSchema = z.union([
  LineageElementEntryDocSchema,
  LineageDataModelEntryDocSchema,
  LineageInodeEntryDocSchema,
  LineageCustomSqlEntryDocSchema,
  LineageCsvEntryDocSchema,
  LineageSemanticViewEntryDocSchema,
  LineageSqlDocumentEntryDocSchema,
  LineageWorksheetEntryDocSchema,
]);
/** One documented entry of a lineage list. */
export type LineageEntryDoc = z.infer<typeof LineageEntryDocSchema>;

/** The id fields a lineage entry may carry; an entry needs one of them to be usable. */
export const LINEAGE_ID_FIELDS = [
  "elementId",
  "dataModelId",
  "inodeId",
  "definition",
  "csvId",
  "semanticViewId",
  "sqlDocumentId",
  "worksheetId",
] as const;

/**
 * One entry of a lineage list as sigmactl reads it: whichever id field it carries (at least
 * one), and the lists it points at. Real entries omit `dataSourceIds` or `connectionId`.
 */
export const LineageEntrySchema = z
  .looseObject({
    type: maybe(z.string()),
    elementId: maybe(z.string()),
    dataModelId: maybe(z.string()),
    inodeId: maybe(z.string()),
    definition: maybe(z.string()),
    csvId: maybe(z.string()),
    semanticViewId: maybe(z.string()),
    semanticViewTable: maybe(z.string()),
    sqlDocumentId: maybe(z.string()),
    worksheetId: maybe(z.string()),
    sourceIds: maybe(z.array(z.string())),
    dataSourceIds: maybe(z.array(z.string())),
    connectionId: maybe(z.string()),
    name: maybe(z.string()),
  })
  .refine((e) => LINEAGE_ID_FIELDS.some((k) => typeof e[k] === "string"), {
    message: `expected one of ${LINEAGE_ID_FIELDS.join(", ")}`,
    path: ["elementId"],
  });
/** One entry of a lineage list. */
export type LineageEntry = z.infer<typeof LineageEntrySchema>;

/** A node of an element's lineage graph (reader: all optional; the record key is its id). */
export const LineageNodeSchema = z.looseObject({
  nodeId: maybe(z.string()),
  /** "sheet", "dataset", "table", ... (open). */
  type: maybe(z.string()),
  name: maybe(z.string()),
  elementId: maybe(z.string()),
  semanticViewTable: maybe(z.string()),
});
/** A node of an element's lineage graph. */
export type LineageNode = z.infer<typeof LineageNodeSchema>;

/** An edge of an element's lineage graph; `type` is open here. */
export const LineageEdgeSchema = z.looseObject({
  source: maybe(z.string()),
  target: maybe(z.string()),
  type: maybe(z.string()),
});
/** An edge of an element's lineage graph. */
export type LineageEdge = z.infer<typeof LineageEdgeSchema>;

/** Response of `GET /v2/workbooks/{workbookId}/lineage/elements/{elementId}`: nodes by id, and edges. */
export const ElementLineageSchema = z.looseObject({
  dependencies: z.record(z.string(), LineageNodeSchema),
  edges: z.array(LineageEdgeSchema),
});
/** One element's lineage graph. */
export type ElementLineage = z.infer<typeof ElementLineageSchema>;

/**
 * A documented node. The document declares `dependencies` as a bare object, so nodes are only
 * described (the four variants differ by which of `name`, `elementId`, `semanticViewTable` exist).
 */
export const LineageNodeDocSchema = z.looseObject({
  nodeId: z.string(),
  type: z.string(),
  name: z.string().optional(),
  elementId: z.string().optional(),
  semanticViewTable: z.string().optional(),
});
/** A documented lineage node. */
export type LineageNodeDoc = z.infer<typeof LineageNodeDocSchema>;

/** A documented edge. */
export const LineageEdgeDocSchema = z.strictObject({
  source: z.string(),
  target: z.string(),
  type: z.enum(["lookup", "source", "dependency"]),
});

/** Documented response of the element lineage endpoint. */
export const ElementLineageDocSchema = z.strictObject({
  dependencies: z.record(z.string(), LineageNodeDocSchema),
  edges: z.array(LineageEdgeDocSchema),
});
/** A documented element lineage graph. */
export type ElementLineageDoc = z.infer<typeof ElementLineageDocSchema>;
