"""A Dagster op (and job) that refreshes Sigma after your assets land.

Needs sigmactl on the PATH (`npm install -g sigmactl`, Node.js 20+) and the Sigma credentials
in the environment (SIGMA_CLOUD, SIGMA_CLIENT_ID, SIGMA_CLIENT_SECRET_FILE).
"""
from __future__ import annotations

import json
import subprocess

from dagster import Config, Failure, MetadataValue, OpExecutionContext, job, op


class SigmaRefreshConfig(Config):
    workbooks: list[str] = ["Sales Overview"]
    timeout: str = "45m"


@op
def refresh_sigma(context: OpExecutionContext, config: SigmaRefreshConfig) -> dict:
    argv = ["sigmactl", "materialize", "--json", "--timeout", config.timeout]
    for wb in config.workbooks:
        argv += ["--workbook", wb]
    context.log.info("running " + " ".join(argv))
    proc = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False)
    result = json.loads(proc.stdout) if proc.stdout.strip() else {}
    jobs = result.get("jobs", [])
    context.add_output_metadata({
        "outcome": result.get("outcome", "error"),
        "jobs": len(jobs),
        "failed": MetadataValue.json([j for j in jobs if j.get("status") != "ready"]),
    })
    if proc.returncode != 0:
        raise Failure(description=f"sigmactl materialize ended {result.get('outcome', 'error')} (exit {proc.returncode})")
    return result


@job
def sigma_refresh_job():
    refresh_sigma()
