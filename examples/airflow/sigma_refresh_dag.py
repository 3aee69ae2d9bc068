"""Refresh Sigma after the warehouse load, twice over: with a BashOperator, and with the
small SigmactlOperator (sigmactl_operator.py, next to this file in your dags folder).

The workers need sigmactl (`npm install -g sigmactl`, Node.js 20+) and the Sigma credentials
in their environment: SIGMA_CLOUD, SIGMA_CLIENT_ID, SIGMA_CLIENT_SECRET_FILE.
"""
from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

from sigmactl_operator import SigmactlOperator

with DAG(
    dag_id="warehouse_then_sigma",
    schedule="0 5 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
) as dag:
    load = BashOperator(task_id="load_warehouse", bash_command="echo 'your load here'")

    # 1. BashOperator: exit codes fail the task (1 failed job, 2 timeout, 4 auth, 5 API).
    refresh_bash = BashOperator(
        task_id="refresh_sigma_bash",
        bash_command=(
            "sigmactl materialize --workbook 'Sales Overview' --timeout 45m "
            "--json --output {{ ti.run_id | replace(':', '_') }}-sigma.json"
        ),
    )

    # 2. The operator: the JSON result lands in XCom for downstream tasks.
    refresh_op = SigmactlOperator(
        task_id="refresh_sigma",
        command="materialize",
        args=["--data-model", "Core Model", "--timeout", "45m"],
    )

    load >> [refresh_bash, refresh_op]
