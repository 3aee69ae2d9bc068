/**
 * The generic hook: `{"tables": [...], "targets": [...]?, "source": "...", "runId": "..."}`.
 * `runId` is the delivery id (a pipeline resending the same run is acknowledged, not run
 * again); without one, the body's SHA-256 stands in.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { NewEvent } from "../store.js";

const Target = z
  .object({
    workbook: z.string().min(1).optional(),
    dataModel: z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    elements: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine((t) => [t.workbook, t.dataModel, t.dataset].filter(Boolean).length === 1, "name exactly one of workbook, dataModel, dataset");

const GenericBody = z
  .object({
    tables: z.array(z.string().min(1).max(512)).max(10_000).optional(),
    targets: z.array(Target).max(1_000).optional(),
    source: z.string().min(1).max(200).optional(),
    runId: z.union([z.string().min(1).max(200), z.number()]).optional(),
  })
  .passthrough()
  .refine((b) => (b.tables?.length ?? 0) + (b.targets?.length ?? 0) > 0, "name at least one table (tables) or target (targets)");

/** Parses a verified generic body into an event, or says what is wrong (400). */
export function parseGeneric(body: Buffer): { event: NewEvent } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    return { error: "the body is not JSON" };
  }
  const parsed = GenericBody.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") };
  const b = parsed.data;
  const deliveryId = b.runId !== undefined ? String(b.runId) : `sha256:${createHash("sha256").update(body).digest("hex")}`;
  return {
    event: {
      provider: "generic",
      deliveryId,
      source: b.source ?? "generic",
      status: "queued",
      tables: b.tables ?? [],
      targets: b.targets ?? [],
      payload: raw,
    },
  };
}
