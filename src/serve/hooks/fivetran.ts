/**
 * Fivetran webhooks (`{event, connector_id, sync_id, data: {status}}`): `sync_end` with status
 * SUCCESSFUL refreshes what reads the connector's destination schema (from the config:
 * `SCHEMA.*`). Other events and failed syncs are stored and shown, not acted on.
 */
import { createHash } from "node:crypto";
import type { NewEvent } from "../store.js";
import { jsonBody, text } from "./json-body.js";

const s = text;

/** Parses a verified Fivetran body into an event. */
export function parseFivetran(body: Buffer, connectors: Record<string, { schema: string; targets?: unknown[] }>): { event: NewEvent } | { error: string } {
  const parsed = jsonBody(body);
  if ("error" in parsed) return parsed;
  const { raw, data } = parsed;
  const kind = s(raw.event) ?? "unknown";
  const connectorId = s(raw.connector_id) ?? "";
  const syncId = s(raw.sync_id);
  const status = (s(data.status) ?? s(raw.status) ?? "").toUpperCase();
  const deliveryId = syncId ? `${connectorId}:${syncId}:${kind}` : `sha256:${createHash("sha256").update(body).digest("hex")}`;
  const mapped = connectors[connectorId];
  const event: NewEvent = {
    provider: "fivetran",
    deliveryId,
    source: `Fivetran ${s(raw.connector_name) ?? connectorId}${syncId ? ` sync ${syncId}` : ""}`,
    status: "queued",
    tables: [],
    targets: mapped?.targets ?? [],
    payload: raw,
  };
  if (kind !== "sync_end") {
    event.status = "ignored";
    event.detail = `${kind}: only sync_end is acted on`;
  } else if (status !== "SUCCESSFUL") {
    event.status = "ignored";
    event.detail = `sync ended ${status || "without a status"}: nothing refreshed`;
  } else if (!mapped) {
    event.status = "ignored";
    event.detail = `connector ${connectorId} is not in serve.hooks.fivetran.connectors: add it with its destination schema`;
  } else {
    event.tables = [`${mapped.schema}.*`];
  }
  return { event };
}
