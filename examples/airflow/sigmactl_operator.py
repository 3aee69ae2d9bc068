"""A small Airflow operator around the sigmactl CLI.

    from sigmactl_operator import SigmactlOperator
    refresh = SigmactlOperator(task_id="refresh_sigma", command="materialize",
                               args=["--workbook", "Sales Overview"])

It runs ``sigmactl <command> <args> --json``, pushes the JSON result to XCom, and fails the
task when sigmactl exits non-zero (1: some job failed, 2: timed out, 3: usage, 4: auth,
5: API or network, 6: local file). Credentials come from the worker's environment
(SIGMA_CLOUD or SIGMA_BASE_URL, SIGMA_CLIENT_ID, SIGMA_CLIENT_SECRET_FILE or SIGMA_CLIENT_SECRET),
e.g. set from an Airflow connection or a secrets backend; they never appear in the command line.
"""
from __future__ import annotations

import json
import subprocess
from typing import Any, Sequence

from airflow.exceptions import AirflowException
from airflow.models import BaseOperator


class SigmactlOperator(BaseOperator):
    """Runs one sigmactl command and returns its --json document (pushed to XCom)."""

    template_fields: Sequence[str] = ("args",)

    def __init__(self, *, command: str, args: Sequence[str] = (), sigmactl: str = "sigmactl",
                 env: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.command = command
        self.args = list(args)
        self.sigmactl = sigmactl
        self.env = env

    def execute(self, context: Any) -> Any:
        argv = [self.sigmactl, self.command, *self.args, "--json"]
        self.log.info("running %s", " ".join(argv))
        # stderr carries progress and warnings: let it reach the task log as it happens.
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=None, text=True, env=self.env, check=False)
        try:
            result = json.loads(proc.stdout) if proc.stdout.strip() else None
        except json.JSONDecodeError:
            result = None
        if proc.returncode != 0:
            outcome = (result or {}).get("outcome", "error")
            raise AirflowException(f"sigmactl {self.command} ended {outcome} (exit {proc.returncode})")
        return result
