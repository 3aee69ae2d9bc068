/**
 * What each catalogued item kind is read with (src/api/endpoints.ts names the kind, src/schemas
 * holds the schemas): the reader schema that says what sigmactl needs (an entry without it is
 * skipped and counted) and the documented schema drift is measured against.
 */
import { z } from "zod";
import type { ItemKind } from "../api/endpoints.js";
import * as S from "../schemas/index.js";

/** One item kind's schemas. */
export interface ItemSchemas<R extends z.ZodType = z.ZodType> {
  reader: R;
  /** Sigma's document; undefined where it describes no JSON body. */
  doc: z.ZodType | undefined;
}

const item = <R extends z.ZodType>(reader: R, doc: z.ZodType | undefined): ItemSchemas<R> => ({ reader, doc });

// Bodies sigmactl does not read: `{}` answers and file downloads.
const Anything = z.unknown();

/** Reader and documented schema per item kind. */
export const ITEMS = {
  token: item(S.TokenResponseSchema, S.TokenResponseDocSchema),
  whoami: item(S.WhoAmISchema, S.WhoAmIDocSchema),
  workbook: item(S.WorkbookSchema, S.WorkbookDocSchema),
  workbookPage: item(S.WorkbookPageSchema, S.WorkbookPageDocSchema),
  element: item(S.ElementSchema, S.ElementDocSchema),
  workbookColumn: item(S.WorkbookColumnSchema, S.WorkbookColumnDocSchema),
  elementColumn: item(S.ElementColumnSchema, S.ElementColumnDocSchema),
  elementQuery: item(S.ElementQuerySchema, S.ElementQueryDocSchema),
  lineageEntry: item(S.LineageEntrySchema, S.LineageEntryDocSchema),
  elementLineage: item(S.ElementLineageSchema, S.ElementLineageDocSchema),
  workbookSource: item(S.WorkbookSourceSchema, S.WorkbookSourceDocSchema),
  schedule: item(S.MaterializationScheduleSchema, S.MaterializationScheduleDocSchema),
  materializationStarted: item(S.MaterializationStartedSchema, S.MaterializationStartedDocSchema),
  materializationJob: item(S.MaterializationJobSchema, S.MaterializationJobDocSchema),
  dataModel: item(S.DataModelSchema, S.DataModelDocSchema),
  dataModelColumn: item(S.DataModelColumnSchema, S.DataModelColumnDocSchema),
  dataModelSource: item(S.DataModelSourceSchema, S.DataModelSourceDocSchema),
  dataset: item(S.DatasetSchema, S.DatasetDocSchema),
  datasetSource: item(S.DatasetSourceSchema, S.DatasetSourceDocSchema),
  datasetMaterializationStarted: item(S.DatasetMaterializationStartedSchema, S.DatasetMaterializationStartedDocSchema),
  datasetMaterializationRun: item(S.DatasetMaterializationRunSchema, S.DatasetMaterializationRunDocSchema),
  member: item(S.MemberSchema, S.MemberDocSchema),
  team: item(S.TeamSchema, S.TeamDocSchema),
  teamWithMembers: item(S.TeamWithMembersSchema, S.TeamWithMembersDocSchema),
  teamMember: item(S.TeamMemberSchema, S.TeamMemberDocSchema),
  workspace: item(S.WorkspaceSchema, S.WorkspaceDocSchema),
  file: item(S.SigmaFileSchema, S.SigmaFileDocSchema),
  recentFile: item(S.RecentFileSchema, S.RecentFileDocSchema),
  connection: item(S.ConnectionSchema, S.ConnectionDocSchema),
  connectionPathEntry: item(S.ConnectionPathEntrySchema, S.ConnectionPathEntryDocSchema),
  connectionPath: item(S.ConnectionPathSchema, S.ConnectionPathDocSchema),
  connectionLookup: item(S.ConnectionLookupSchema, S.ConnectionLookupDocSchema),
  tableColumn: item(S.TableColumnSchema, S.TableColumnDocSchema),
  connectionSync: item(Anything, undefined),
  versionTag: item(S.VersionTagSchema, S.VersionTagDocSchema),
  accountType: item(S.AccountTypeSchema, S.AccountTypeDocSchema),
  exportStarted: item(S.WorkbookExportStartedSchema, S.WorkbookExportStartedDocSchema),
  download: item(Anything, undefined),
} as const satisfies Record<ItemKind, ItemSchemas>;

/** The reader type of an item kind. */
export type ItemOf<K extends ItemKind> = z.infer<(typeof ITEMS)[K]["reader"]>;
