/**
 * `generateOrg({ seed, size })`: the emulator's invented organisation, a pure function of its
 * arguments (same seed and size → deep-equal Org). Domains are built in dependency order:
 * people, file tree, warehouse, datasets, data models, workbooks.
 */
import { addRefreshChains } from "./chains.js";
import { createContext } from "./context.js";
import { buildDataModels } from "./data-models.js";
import { buildDatasets, setMigrations } from "./datasets.js";
import { buildFileTree } from "./files.js";
import { buildWarehouse } from "./connections.js";
import { buildAccountTypes, buildMembers, buildTeams } from "./members.js";
import { createCatalog } from "./source-picker.js";
import { isOrgSize, SIZES } from "./sizes.js";
import type { Org, OrgSize } from "./types.js";
import { buildVersionTags } from "./version-tags.js";
import { buildWorkbooks } from "./workbooks.js";

/** Arguments of {@link generateOrg}. */
export interface GenerateOrgOptions {
  /** Any integer; the same seed gives the same organisation. */
  seed: number;
  size: OrgSize;
}

const COMPANIES = [
  { slug: "northwind-traders", domain: "northwind.com" },
  { slug: "acme-analytics", domain: "acme.io" },
  { slug: "globex", domain: "globex.com" },
  { slug: "initech", domain: "initech.com" },
  { slug: "umbrella-health", domain: "umbrellahealth.org" },
  { slug: "stark-retail", domain: "starkretail.com" },
  { slug: "hooli", domain: "hooli.xyz" },
  { slug: "wayne-logistics", domain: "waynelogistics.com" },
];

/** Generates the whole organisation for a seed and size. */
export function generateOrg(options: GenerateOrgOptions): Org {
  if (!isOrgSize(options.size)) throw new Error(`unknown organisation size "${String(options.size)}"`);
  const profile = SIZES[options.size];
  const seed = Math.trunc(options.seed) | 0;
  const ctx = createContext(seed, profile);
  const rng = ctx.stream("org");
  const company = rng.pick(COMPANIES);
  ctx.organizationId = ctx.ids.uuid();
  ctx.orgSlug = company.slug;
  ctx.emailDomain = company.domain;

  const accountTypes = buildAccountTypes(ctx);
  const members = buildMembers(ctx);
  const teams = buildTeams(ctx, members);
  const root = { id: ctx.ids.uuid(), urlId: ctx.ids.urlId() };
  const tree = buildFileTree(ctx, root, members[0]!.homeFolderId);
  const warehouse = buildWarehouse(ctx);
  const versionTags = buildVersionTags(ctx);
  const cat = createCatalog(warehouse.tables);
  const files = [...tree.files, ...warehouse.files];
  const counter = { n: 0 };

  const datasets = buildDatasets(ctx, cat, tree.locations, files);
  const dataModels = buildDataModels(ctx, { cat, locations: tree.locations, files, versionTags, counter });
  setMigrations(
    ctx,
    datasets,
    dataModels.map((d) => ({ id: d.rec.dataModel.dataModelId, url: d.rec.dataModel.url, createdMs: Date.parse(d.rec.dataModel.createdAt) })),
  );
  const workbooks = buildWorkbooks(ctx, { cat, locations: tree.locations, files, versionTags, counter });
  addRefreshChains(ctx, options.size, dataModels, workbooks);

  const org: Org = {
    seed,
    size: options.size,
    organizationId: ctx.organizationId,
    orgSlug: ctx.orgSlug,
    callerMemberId: ctx.callerMemberId,
    rootFolderId: root.id,
    rootFolderUrlId: root.urlId,
    scopes: warehouse.scopes,
    accountTypes,
    versionTags,
    members,
    teams,
    workspaces: tree.workspaces,
    files,
    connections: warehouse.connections,
    tables: warehouse.tables.map((t) => t.rec),
    datasets: datasets.map((d) => d.rec),
    dataModels: dataModels.map((d) => d.rec),
    workbooks,
  };
  setReferenceCounts(org);
  return org;
}

// A dataset's referenceCount is how many documents read it directly.
function setReferenceCounts(org: Org): void {
  const byInode = new Map(org.datasets.map((d) => [d.dataset.url.slice(d.dataset.url.lastIndexOf("/") + 1), d]));
  const byId = new Map(org.datasets.map((d) => [d.dataset.datasetId, d]));
  const bump = (d: (typeof org.datasets)[number] | undefined) => {
    if (d) d.dataset.referenceCount += 1;
  };
  for (const w of org.workbooks) for (const s of w.sources) if (s.type === "dataset") bump(byInode.get(s.inodeId as string));
  for (const m of org.dataModels) for (const s of m.sources) if (s.type === "dataset") bump(byId.get(s.datasetId as string));
  for (const d of org.datasets) for (const s of d.sources) if (s.type === "dataset") bump(byInode.get(s.inodeId));
}
