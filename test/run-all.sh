#!/usr/bin/env bash
# The full test command (`npm test`). Installs what the tests need (cached), then runs them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Node dependencies: only when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[run-all] npm ci" >&2
  npm ci
fi

# System packages (a JDK for Spark, PostgreSQL server binaries, Chromium for the lineage page
# test) from Debian when missing.
bash spark-jobs/tests/system-deps.sh

# Pinned Python environment (Airflow 3.1 + providers, pytest): built once, then cached.
venv="$(bash scripts/python-env.sh | tail -n 1)"
export LAKEC_PYTHON="$venv/bin/python"
echo "[run-all] LAKEC_PYTHON=$LAKEC_PYTHON" >&2

# The repository type-checks (the DSL, the compiler, the reference pipelines, the tests).
echo "[run-all] tsc --noEmit" >&2
npx tsc --noEmit -p tsconfig.json

# The local runner's side inside Airflow (local/airflow: SparkApplication -> spark-submit, pod ->
# local command), unit-tested with the Airflow venv's pytest.
echo "[run-all] local/airflow pytest" >&2
"$LAKEC_PYTHON" -m pytest local/airflow/tests -q -p no:cacheprovider

# The spark venv (PySpark, moto[server], boto3) is built before the integration suites too: the
# dbt suite's S3 server is moto from it.
SPARK_PYTHON="$(bash scripts/python-env.sh spark | tail -n 1)/bin/python"
export LAKEC_SPARK_PYTHON="$SPARK_PYTHON"

# TypeScript suites (vitest.config.ts). Unit + golden run in a fresh copy of the repository alone
# in an empty temporary folder, as a newcomer's clone (nothing beside it, its own npm ci);
# integration suites run here.
echo "[run-all] unit + golden suites in a fresh clone" >&2
bash test/fresh-clone/run.sh
npx vitest run --project integration

# --- Python suites -----------------------------------------------------------------------------
# spark-jobs: real local Spark + Delta, PostgreSQL and a moto S3 server (pytest, ~3-5 min).
# The PySpark venv (built above) and the Maven Central jars are cached outside the checkout
# (scripts/python-env.sh, spark-jars.sh).
LAKEC_SPARK_JARS_DIR="$(bash scripts/spark-jars.sh | tail -n 1)"
export LAKEC_SPARK_JARS_DIR
echo "[run-all] spark-jobs pytest (SPARK_PYTHON=$SPARK_PYTHON)" >&2
"$SPARK_PYTHON" -m pytest spark-jobs/tests -q
