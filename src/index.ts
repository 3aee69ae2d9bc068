/**
 * sigmactl library entry: the reviewed public surface. Every name here is a promise to users;
 * a name that is not listed is internal, however it is exported between our own folders.
 * `etc/sigmactl.api.md` records this surface (`npm run api-report`), and a test fails when the
 * two differ, so a change to it is a visible diff in review.
 */

// The client: configuration, resources, pagination, logging, drift.
export { SigmaClient } from "./client/client.js";
export type { SigmaClientOptions, RequestOptions, RequestArrayOptions, PaginateOptions, ClientStats, HttpMethod, RawResponse } from "./client/client.js";
export { resolveConfig } from "./client/config.js";
export type { ClientConfig, ResolvedConfig, ConfigFlags, ConfigSource, ResolveConfigInput } from "./client/config.js";
export { SIGMA_CLOUDS, CLOUD_NAMES } from "./client/clouds.js";
export type { SigmaCloud } from "./client/clouds.js";
export { createLogger, silentLogger } from "./client/logger.js";
export type { Logger, LogLevel, LoggerOptions, RequestLogEntry } from "./client/logger.js";
export type { Paginated, Page, PageStyle, PaginationSummary } from "./client/pagination.js";
export { formatDriftLine } from "./client/drift.js";
export type { DriftLine } from "./client/drift.js";
export type { Query, QueryValue } from "./client/url.js";
export type { FetchLike, Clock } from "./client/transport/types.js";
export type { RetryPolicy } from "./client/transport/retry-policy.js";
export type { CallOptions } from "./client/resources/resource.js";
export type { Connections, ConnectionListParams, ConnectionSyncOptions } from "./client/resources/connections.js";
export type { DataModels, DataModelListParams } from "./client/resources/data-models.js";
export type { Datasets, DatasetListParams } from "./client/resources/datasets.js";
export type { Files, FileListParams } from "./client/resources/files.js";
export type { Members, MemberListParams } from "./client/resources/members.js";
export type { Queries, QueryDownload } from "./client/resources/queries.js";
export type { Teams, TeamListParams } from "./client/resources/teams.js";
export type { Workbooks, WorkbookListParams, WorkbookExportRequest, WorkbookExportCommon, ExportPollOptions, ExportedFile } from "./client/resources/workbooks.js";
export type { Workspaces, WorkspaceListParams } from "./client/resources/workspaces.js";
export type { Tags, AccountTypes } from "./client/resources/tags.js";

// Sigma's payloads as sigmactl reads them (reader types: ids required, the rest tolerant).
export type {
  AccountType,
  ApiErrorBody,
  ColumnType,
  Connection,
  ConnectionLookup,
  ConnectionPath,
  ConnectionPathEntry,
  DataModel,
  DataModelColumn,
  DataModelSource,
  Dataset,
  DatasetMaterializationRun,
  DatasetMaterializationStarted,
  DatasetSource,
  Element,
  ElementColumn,
  ElementLineage,
  ElementQuery,
  LineageEdge,
  LineageEntry,
  LineageNode,
  MaterializationJob,
  MaterializationSchedule,
  MaterializationStarted,
  Member,
  PageEnvelope,
  RecentFile,
  SigmaFile,
  Source,
  TableColumn,
  Team,
  TeamMember,
  TeamWithMembers,
  TokenEnvelope,
  VersionTag,
  Workbook,
  WorkbookColumn,
  WorkbookExportStarted,
  WorkbookPage,
  WorkbookSource,
  Workspace,
  WhoAmI,
} from "./schemas/index.js";

// Errors: one hierarchy, test with instanceof.
export {
  SigmaError,
  UserError,
  ConfigError,
  SigmaApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  SigmaConnectionError,
  SigmaTimeoutError,
  ResponseValidationError,
  JobFailedError,
  JobTimeoutError,
  AbortedError,
  LocalIoError,
} from "./errors.js";
export type { RequestInfo } from "./errors.js";

// materialize: trigger materializations and wait for them.
export { materialize, waitForJobs, checkJobs, MaterializeInterruptedError, defaultStatePath, parseTargetsText, readTargetsFile, readResultFile, retryTargets, targetOfRecord, formatJobRef, parseJobRef } from "./materialize/index.js";
export type {
  DocumentKind,
  DocumentRef,
  EventListener,
  JobHandle,
  JobRecord,
  JobStatus,
  MaterializeClient,
  MaterializeClock,
  MaterializeEvent,
  MaterializeOptions,
  MaterializeResult,
  MaterializeWarning,
  Outcome,
  PollIntervalBounds,
  PollTarget,
  ScheduledResource,
  ScheduleIdentity,
  PollingStats,
  SkippedSchedule,
  TargetSpec,
  UnknownStatusGrace,
  WaitItem,
  WaitForJobsOptions,
  WaitOptions,
  WarningCode,
} from "./materialize/index.js";

// extract: metadata and lineage to castor-compatible files.
export { extract, ALL_ASSETS, CASTOR_ASSETS, DEFAULT_ASSETS, EXTRA_ASSETS } from "./extract/index.js";
export type { AssembleResult, AssetName, ChildAsset, DocKind, ExtractFileSystem, ListAsset, ExtractEvent, ExtractIssue, ExtractOptions, ExtractPhase, ExtractResult, ExtractSummary, OutputFormat, PhaseOutcome, ProgressListener, WrittenFile } from "./extract/index.js";

// upload: an extraction to Coalesce Catalog.
export { upload, selectFiles, FILE_TYPES, INGEST_HOSTS, ZONES } from "./catalog/index.js";
export type { FailedUpload, FileSelection, FileType, SkippedFile, UploadedFile, UploadLogger, UploadOptions, UploadReport, Zone } from "./catalog/index.js";

// refresh what changed: the schedules a set of changed tables feeds, in dependency order (run with materialize({ plan })).
export { planRefresh, dbtRelations, readDbtArtifacts } from "./lineage/index.js";
export type { RefreshChanges, PlanRefreshOptions, PlanProgress, DbtRelation, RefreshPlan, PlannedSchedule, MatchedChange, ImpactedNode } from "./lineage/index.js";

// lineage: impact analysis and graphs from an extraction, offline.
export { buildLineageGraph, findNode, matchNodes, describeNode, lineageOf, renderLineage, wholeGraph, LINEAGE_FORMATS, NODE_KINDS } from "./lineage/index.js";
export type {
  BuildLineageOptions,
  Direction,
  EdgeBasis,
  EdgeLevel,
  LineageFormat,
  LineageGraph,
  LineageGraphEdge,
  LineageGraphNode,
  LineageQuery,
  LineageView,
  NodeKind,
  QueryOptions,
  RunInfo,
  TreeStyle,
} from "./lineage/index.js";
