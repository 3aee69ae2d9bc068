#!/usr/bin/env bash
# Nightly: extract Sigma metadata incrementally, then upload the run to Coalesce Catalog.
# Run from cron (crontab.example) or a systemd timer (../systemd/).
#
# Environment (an EnvironmentFile for systemd, the top of the crontab for cron):
#   SIGMA_CLOUD or SIGMA_BASE_URL, SIGMA_CLIENT_ID, SIGMA_CLIENT_SECRET_FILE (or SIGMA_CLIENT_SECRET)
#   CASTOR_UPLOADER_TOKEN, CASTOR_UPLOADER_SOURCE_ID      Catalog credentials
#   SIGMA_EXTRACT_DIR       where runs accumulate (default /var/lib/sigmactl/extract)
#   CATALOG_ZONE            EU (default) or US;   CATALOG_INGEST_URL   another ingest endpoint
set -euo pipefail
dir="${SIGMA_EXTRACT_DIR:-/var/lib/sigmactl/extract}"
log() { printf '%s sigma-nightly: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

mkdir -p "$dir"
log "extracting into $dir"
# --since last re-fetches only what changed since the newest run (the first run takes everything).
sigmactl extract -o "$dir" --since last --quiet

upload=(upload -t VIZ -d "$dir" --zone "${CATALOG_ZONE:-EU}" --quiet)
[ -n "${CATALOG_INGEST_URL:-}" ] && upload+=(--ingest-url "$CATALOG_INGEST_URL")
log "uploading the newest run"
sigmactl "${upload[@]}"
log "done"
