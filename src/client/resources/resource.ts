/** Base of the resource classes: they hold no transport logic, only paths and schemas. */
import type { SigmaClient } from "../client.js";

/** Common options of resource methods. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** A group of endpoints reached through one SigmaClient. */
export abstract class Resource {
  constructor(protected readonly client: SigmaClient) {}
}
