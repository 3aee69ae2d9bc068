/** Catalog upload (castor-upload compatible): public surface. */
export { upload } from "./upload.js";
export type { UploadOptions, UploadReport, UploadedFile, FailedUpload, UploadLogger } from "./upload.js";
export { FILE_TYPES, INGEST_HOSTS, ZONES, ingestUrl, objectPath } from "./ingest.js";
export type { FileType, Zone } from "./ingest.js";
export { selectFiles } from "./select-files.js";
export type { FileSelection, SkippedFile } from "./select-files.js";
export { resolveUploadConfig } from "./upload-config.js";
export type { UploadConfig, UploadFlags } from "./upload-config.js";
