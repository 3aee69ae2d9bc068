"""A Rivery Logic River "Python" step that refreshes Sigma after the data steps before it.

Rivery runs Python steps in its own environment: install Node.js 20+ and sigmactl there
(`npm install -g sigmactl`) or run this step on your own runner. Store the Sigma client id and
secret as Rivery environment variables (they arrive as process environment variables):
SIGMA_CLOUD, SIGMA_CLIENT_ID, SIGMA_CLIENT_SECRET. A non-zero exit fails the logic step.
"""
import json
import os
import subprocess
import sys

WORKBOOKS = [w.strip() for w in os.environ.get("SIGMA_WORKBOOKS", "Sales Overview").split(",") if w.strip()]


def main() -> int:
    argv = ["sigmactl", "materialize", "--json", "--timeout", os.environ.get("SIGMA_TIMEOUT", "45m")]
    for wb in WORKBOOKS:
        argv += ["--workbook", wb]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False)
    result = json.loads(proc.stdout) if proc.stdout.strip() else {}
    for j in result.get("jobs", []):
        print(f"{j.get('documentName')} / {j.get('elementName')}: {j.get('status')}")
    print(f"sigmactl materialize: {result.get('outcome', 'error')} (exit {proc.returncode})")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
