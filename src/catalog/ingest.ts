/**
 * castor-upload's contract with Coalesce Catalog's ingest proxy (docs/sigma-api-facts.md, peer-facts §8):
 * one host per zone, one object path per file type, `Authorization: Token <token>`.
 */
import { basename } from "node:path";

/** Catalog zones. */
export const ZONES = ["EU", "US"] as const;
/** A Catalog zone (EU is castor's default). */
export type Zone = (typeof ZONES)[number];

/** castor-upload's file types (Sigma extractions are VIZ). */
export const FILE_TYPES = ["VIZ", "WAREHOUSE", "DBT", "QUALITY"] as const;
/** A castor-upload file type. */
export type FileType = (typeof FILE_TYPES)[number];

/** The ingest host of each zone. */
export const INGEST_HOSTS: Record<Zone, string> = {
  EU: "https://ingest.castordoc.com",
  US: "https://ingest.us.castordoc.com",
};

/**
 * The object path castor uses for a file: VIZ and WAREHOUSE keep the file name (so the
 * `<ts>-` prefix survives), DBT always lands as `<upload ts>-manifest.json`, QUALITY gets the
 * upload timestamp prefixed.
 */
export function objectPath(fileType: FileType, sourceId: string, filePath: string, uploadTs: number): string {
  const name = basename(filePath);
  switch (fileType) {
    case "VIZ":
      return `visualization-${sourceId}/${name}`;
    case "WAREHOUSE":
      return `warehouse-${sourceId}/${name}`;
    case "DBT":
      return `transformation-${sourceId}/${uploadTs}-manifest.json`;
    case "QUALITY":
      return `quality-${sourceId}/${uploadTs}-${name}`;
  }
}

/** The URL a file is POSTed to: `<ingest base>/<object path>` (the base may carry a path, e.g. an emulator's). */
export function ingestUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.split("/").map(encodeURIComponent).join("/")}`;
}
