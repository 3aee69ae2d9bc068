/**
 * The documented shape of every command's `--json` document (docs/output.md is rendered from
 * these, and a test runs each command and checks its real output against them). The envelope
 * is strict; a command's own fields are checked where scripts read them and passed through
 * otherwise (large parts, such as `api`'s body or a lineage graph, stay loose).
 */
import { z } from "zod";

const iso = z.string().describe("ISO 8601 timestamp");
const nullableIso = iso.nullable();

/** One line of `drift`: how Sigma's answers differed from its API document. */
export const DriftLineSchema = z.looseObject({
  endpoint: z.string(),
  field: z.string(),
  expected: z.string(),
  seen: z.string(),
  count: z.number().int(),
});

/** The envelope every document starts with. */
export const EnvelopeSchema = z.object({
  command: z.string().describe("the command run, subcommand included (`materialize wait`)"),
  version: z.string().describe("sigmactl's version"),
  outcome: z.string().describe("`ok`, `error`, `interrupted`, or the command's own word (materialize: `ready`, `failed`, `nothing-to-do`...)"),
  exitCode: z.number().int().min(0).describe("the process exit code (README table)"),
  startedAt: iso.describe("when the command started"),
  durationMs: z.number().int().min(0),
  warnings: z.array(z.string()).describe("every warning printed on stderr, once each"),
  drift: z.array(DriftLineSchema).optional().describe("commands that talk to Sigma: how its answers differed from its API document"),
});

/** The part of a failed run's document that says why. */
export const ErrorInfoSchema = z.object({
  type: z.string().describe("error class: `UsageError`, `NotFoundError`, `AuthenticationError`..."),
  message: z.string(),
  hints: z.array(z.string()),
});

/** Any command, when it fails: the envelope plus `error` (fields gathered before the failure may follow). */
export const ErrorDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  outcome: z.enum(["error", "interrupted"]),
  exitCode: z.number().int().min(1),
  error: ErrorInfoSchema,
});

const JOB_STATUSES = ["pending", "running", "ready", "failed", "lost", "timeout", "cancelled", "unknown"] as const;
const MaterializeJobSchema = z.looseObject({
  kind: z.enum(["workbook", "data-model", "dataset"]),
  documentId: z.string(),
  documentName: z.string().nullable().optional(),
  sheetId: z.string().nullable().optional(),
  materializationId: z.string().nullable(),
  jobRef: z.string().nullable().optional().describe("what `materialize wait` accepts"),
  status: z.string().describe(`one of ${JOB_STATUSES.join(", ")}`),
  sigmaStatus: z.string().nullable(),
  triggeredAt: nullableIso.optional(),
  startedAt: nullableIso,
  readyAt: nullableIso,
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});

/** `materialize`, `materialize wait`, `materialize status` (also the `--output` file). */
export const MaterializeDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  drift: z.array(DriftLineSchema),
  finishedAt: iso,
  organizationId: z.string().nullable().optional(),
  jobs: z.array(MaterializeJobSchema),
  skipped: z.array(z.looseObject({ kind: z.string(), documentId: z.string(), reason: z.string() })),
  stillRunning: z.array(z.string()).describe("job references not finished when the command returned"),
  polling: z.looseObject({ ticks: z.number().int(), statusRequests: z.number().int() }),
});

/** `whoami`. */
export const WhoamiDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  drift: z.array(DriftLineSchema),
  userId: z.string(),
  organizationId: z.string(),
  name: z.string().optional().describe("when the credentials may read their member record"),
  email: z.string().nullable().optional(),
  memberType: z.string().nullable().optional(),
  baseUrl: z.string(),
  cloud: z.string().nullable(),
});

/** `api PATH --json`. */
export const ApiDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  status: z.number().int(),
  body: z.unknown().describe("the answer's JSON (after --query), as sent"),
});

/** `extract`. */
export const ExtractDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  drift: z.array(DriftLineSchema),
});

const UploadedSchema = z.looseObject({ file: z.string(), objectPath: z.string(), bytes: z.number().int(), status: z.number().int(), attempts: z.number().int() });
const FailedUploadSchema = z.looseObject({ file: z.string(), objectPath: z.string(), attempts: z.number().int(), error: z.string() });

/** `upload`. */
export const UploadDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  ingest: z.string().describe("the base URL files went to"),
  fileType: z.string(),
  runTs: z.number().int().nullable().describe("the extraction run sent (-d), else null"),
  uploaded: z.array(UploadedSchema),
  skipped: z.array(z.looseObject({ file: z.string(), reason: z.string(), run: z.number().int().optional() })),
  failed: z.array(FailedUploadSchema),
});

/** `lineage` (to stdout: the graph; with -o: a report of the file written). */
export const LineageDocumentSchema = z.union([
  z.looseObject({ ...EnvelopeSchema.shape, runTs: z.number().int(), nodes: z.array(z.looseObject({ id: z.string() })), edges: z.array(z.unknown()) }),
  z.looseObject({
    ...EnvelopeSchema.shape,
    output: z.string(),
    format: z.string(),
    runTs: z.number().int(),
    nodes: z.number().int(),
    edges: z.number().int(),
  }),
]);

/** `impact`: the refresh plan of the changed tables. */
export const ImpactDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  drift: z.array(DriftLineSchema),
  changes: z.array(z.looseObject({ spec: z.string(), tables: z.array(z.string()) })),
  reached: z.array(z.looseObject({ kind: z.string(), depth: z.number().int() })),
  schedules: z.array(z.looseObject({ kind: z.string(), documentId: z.string() })),
});

/** `config show`. */
export const ConfigShowDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  configFile: z.string().nullable(),
  configFileSearched: z.string(),
  settings: z.array(z.looseObject({ key: z.string(), value: z.unknown(), source: z.string() })),
});

/** `config init`. */
export const ConfigInitDocumentSchema = z.looseObject({ ...EnvelopeSchema.shape, path: z.string(), written: z.boolean() });

/** `demo`. */
export const DemoDocumentSchema = z.looseObject({
  ...EnvelopeSchema.shape,
  emulator: z.looseObject({ url: z.string(), seed: z.number() }),
  outDir: z.string(),
  steps: z.array(z.looseObject({ name: z.string(), ok: z.boolean() })),
  requests: z.number().int(),
});

/** Every command's success document, by the `command` value it carries. `serve` is a service and prints none. */
export const OUTPUT_SCHEMAS = {
  whoami: WhoamiDocumentSchema,
  api: ApiDocumentSchema,
  materialize: MaterializeDocumentSchema,
  "materialize wait": MaterializeDocumentSchema,
  "materialize status": MaterializeDocumentSchema,
  extract: ExtractDocumentSchema,
  upload: UploadDocumentSchema,
  lineage: LineageDocumentSchema,
  impact: ImpactDocumentSchema,
  "config show": ConfigShowDocumentSchema,
  "config init": ConfigInitDocumentSchema,
  demo: DemoDocumentSchema,
} as const;

/** A command that prints a `--json` document. */
export type JsonCommand = keyof typeof OUTPUT_SCHEMAS;
