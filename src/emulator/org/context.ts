/**
 * State shared by the domain generators while one organisation is built: the seeded streams,
 * the id factory, the size profile and the few org-wide facts (slug, caller, people pools).
 */
import { IdFactory, Rng } from "./rng.js";
import type { SigmaFileDoc as SigmaFile } from "../../schemas/index.js";
import type { Location } from "./files.js";
import type { ScheduleCounter } from "./schedules.js";
import type { SizeProfile } from "./sizes.js";
import type { Catalog } from "./source-picker.js";
import type { VersionTag } from "./types.js";
import type { ColumnKind } from "./warehouse-vocab.js";

/** Everything a domain generator may read while building its part of the org. */
export interface GenContext {
  seed: number;
  size: SizeProfile;
  ids: IdFactory;
  organizationId: string;
  orgSlug: string;
  /** e.g. "northwind.com": internal members' email domain. */
  emailDomain: string;
  callerMemberId: string;
  callerEmail: string;
  /** Members who may own and edit documents (admins and creators, active). */
  authors: string[];
  /** Derives an independent stream for one domain, so adding data in one domain does not reshuffle another. */
  stream(label: string): Rng;
}

/** What data models and workbooks are built from (files receives their file entries). */
export interface DocumentDeps {
  cat: Catalog;
  locations: Location[];
  files: SigmaFile[];
  versionTags: VersionTag[];
  counter: ScheduleCounter;
}

/** Creates the context; people pools are filled by the members generator. */
export function createContext(seed: number, size: SizeProfile): GenContext {
  const root = new Rng(seed, "org");
  const ids = new IdFactory(root.fork("ids"));
  return {
    seed,
    size,
    ids,
    organizationId: "",
    orgSlug: "",
    emailDomain: "",
    callerMemberId: "",
    callerEmail: "",
    authors: [],
    stream: (label) => new Rng(seed, label),
  };
}

/** Sigma's recursive column type object, shared per kind (responses only read it). */
export const TYPE_OBJECTS: Record<ColumnKind, { type: string }> = {
  number: Object.freeze({ type: "number" }),
  text: Object.freeze({ type: "text" }),
  datetime: Object.freeze({ type: "datetime" }),
  boolean: Object.freeze({ type: "boolean" }),
};

/** Sigma's app host, used in document URLs. */
export const APP_HOST = "https://app.sigmacomputing.com";
