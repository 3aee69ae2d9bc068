/** Every Sigma API route the emulator serves. */
import { Router } from "../router.js";
import { authRoutes } from "./auth.js";
import { connectionSyncRoutes } from "./connection-sync.js";
import { connectionRoutes } from "./connections.js";
import { dataModelRoutes } from "./data-models.js";
import { datasetRoutes } from "./datasets.js";
import { exportRoutes } from "./exports.js";
import { fileRoutes } from "./files.js";
import { materializationRoutes } from "./materializations.js";
import { memberFileRoutes } from "./member-files.js";
import { peopleRoutes } from "./people.js";
import { tagRoutes } from "./tags.js";
import type { RouteDef } from "./types.js";
import { workbookRoutes } from "./workbooks.js";

/** All API routes, in one list (for docs and tests). */
export const apiRoutes: readonly RouteDef[] = [
  ...authRoutes,
  ...workbookRoutes,
  ...materializationRoutes,
  ...dataModelRoutes,
  ...datasetRoutes,
  ...peopleRoutes,
  ...fileRoutes,
  ...connectionRoutes,
  ...tagRoutes,
  ...memberFileRoutes,
  ...connectionSyncRoutes,
  ...exportRoutes,
];

/** A router over {@link apiRoutes}. */
export function buildApiRouter(): Router<RouteDef> {
  const router = new Router<RouteDef>();
  for (const r of apiRoutes) router.add(r.method, r.template, r);
  return router;
}
