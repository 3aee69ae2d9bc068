/** Metadata extraction (castor-extractor compatible): public surface. */
export { extract } from "./extract.js";
export type { ExtractOptions, ExtractResult } from "./extract.js";
export { ALL_ASSETS, CASTOR_ASSETS, DEFAULT_ASSETS, EXTRA_ASSETS, parseAssets } from "./assets.js";
export type { AssetName, ChildAsset, DocKind, ListAsset } from "./assets.js";
export type { AssembleResult } from "./assemble.js";
export type { ExtractFileSystem } from "../shared/file-system.js";
export type { ExtractSummary } from "./summary.js";
export type { ExtractIssue } from "./issues.js";
export type { ExtractEvent, ExtractPhase, PhaseOutcome, ProgressListener } from "./progress.js";
export type { OutputFormat, WrittenFile } from "../shared/row-writer.js";
export { pyJsonDumps } from "../shared/py-json.js";
