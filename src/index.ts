/**
 * sigmactl library entry: a plain barrel. Each layer appends its own export lines.
 */
export * from "./client/index.js";
export * from "./errors.js";
export { redact, registerSecret } from "./redact.js";
export type * from "./schemas/index.js";
export * from "./materialize/index.js";
export * from "./extract/index.js";
export * from "./catalog/index.js";
export * from "./lineage/index.js";
