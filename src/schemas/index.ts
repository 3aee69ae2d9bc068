/** Zod schemas of Sigma payloads, shared by the client and the emulator. */
export * from "./common.js";
export * from "./reading.js";
export * from "./document.js";
export * from "./auth.js";
export * from "./workbooks.js";
export * from "./lineage.js";
export * from "./materializations.js";
export * from "./data-models.js";
export * from "./datasets.js";
export * from "./members.js";
export * from "./teams.js";
export * from "./workspaces.js";
export * from "./files.js";
export * from "./connections.js";
export * from "./exports.js";
export * from "./tags.js";
