/**
 * The published Sigma API hosts (sigma-api-facts §2). The API host differs from the app host
 * (`app.sigmacomputing.com`); users copy it from Administration → Developer Access.
 */

/** Cloud name → API base URL (no `/v2`: every client path carries its own version prefix). */
export const SIGMA_CLOUDS = {
  "aws-us": "https://aws-api.sigmacomputing.com",
  "aws-us-east": "https://api.us-a.aws.sigmacomputing.com",
  "aws-ca": "https://api.ca.aws.sigmacomputing.com",
  "aws-eu": "https://api.eu.aws.sigmacomputing.com",
  "aws-au": "https://api.au.aws.sigmacomputing.com",
  "aws-uk": "https://api.uk.aws.sigmacomputing.com",
  "azure-us": "https://api.us.azure.sigmacomputing.com",
  "azure-eu": "https://api.eu.azure.sigmacomputing.com",
  "azure-ca": "https://api.ca.azure.sigmacomputing.com",
  "azure-uk": "https://api.uk.azure.sigmacomputing.com",
  "azure-au": "https://api.au.azure.sigmacomputing.com",
  "gcp-us": "https://api.sigmacomputing.com",
  "gcp-ksa": "https://api.sa.gcp.sigmacomputing.com",
} as const;

/** One of the cloud names accepted by `--cloud` / `SIGMA_CLOUD`. */
export type SigmaCloud = keyof typeof SIGMA_CLOUDS;

/** Every cloud name, in table order. */
export const CLOUD_NAMES = Object.keys(SIGMA_CLOUDS) as SigmaCloud[];

const KNOWN_HOSTS = new Set(Object.values(SIGMA_CLOUDS).map((u) => new URL(u).hostname));

/** True when `name` is one of the published cloud names. */
export function isSigmaCloud(name: string): name is SigmaCloud {
  return Object.hasOwn(SIGMA_CLOUDS, name);
}

/** True when `host` (hostname, case-insensitive, optional trailing dot) is a published Sigma API host. */
export function isKnownSigmaHost(host: string): boolean {
  return KNOWN_HOSTS.has(host.toLowerCase().replace(/\.$/, ""));
}

/** The cloud name whose API host is `host`, if any. */
export function cloudForHost(host: string): SigmaCloud | undefined {
  const h = host.toLowerCase().replace(/\.$/, "");
  return CLOUD_NAMES.find((c) => new URL(SIGMA_CLOUDS[c]).hostname === h);
}
