#!/usr/bin/env bash
# dbt Core post-run: build with dbt, then refresh the Sigma materializations that read the
# models, and fail the pipeline step when a refresh fails.
#
#   ./dbt-build-then-refresh.sh --select marts            # arguments go to `dbt build`
#
# Environment: the Sigma credentials (SIGMA_CLOUD or SIGMA_BASE_URL, SIGMA_CLIENT_ID,
# SIGMA_CLIENT_SECRET_FILE or SIGMA_CLIENT_SECRET); optional DBT (default dbt), SIGMA_TARGETS
# (default sigma-targets.yaml next to this script), SIGMA_RESULT (default target/sigma-refresh.json).
# The schedules to refresh come from what dbt rebuilt (`--from-dbt target`: run_results.json and
# manifest.json, through Sigma's lineage), plus the targets file when there is one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dbt="${DBT:-dbt}"
targets="${SIGMA_TARGETS:-$here/sigma-targets.yaml}"
result="${SIGMA_RESULT:-target/sigma-refresh.json}"

"$dbt" build "$@"

mkdir -p "$(dirname "$result")"
select=()
if [[ -f target/run_results.json && -f target/manifest.json ]]; then
  select+=(--from-dbt target)
fi
if [[ -f "$targets" ]]; then
  select+=(--targets "$targets")
fi
if [[ ${#select[@]} -eq 0 ]]; then
  echo "dbt-build-then-refresh: no dbt artifacts in target/ and no targets file ($targets): nothing to refresh" >&2
  exit 3
fi
# Exit codes: 0 ready, 1 a job failed, 2 timed out, 4 credentials, 5 Sigma unreachable.
exec sigmactl materialize "${select[@]}" --timeout "${SIGMA_TIMEOUT:-45m}" --json --output "$result" >/dev/null
