# Generated from pipelines/maintenance.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"bj__housekeeping__tables__daily"
from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import BranchPythonOperator
from airflow.sdk import DAG
from airflow.sdk import Variable


def _choose__cleanup__check(**context):
    "Task cleanup__check: follow the true path when the run date is a Sunday, or Variable force_cleanup is set (default off)."
    if (_run_date(context).isoweekday() in (7,) or _variable_flag("force_cleanup", False)):
        return ["cleanup__optimize", "cleanup__vacuum"]
    return ["cleanup__skip"]


def _choose__deep__check(**context):
    "Task deep__check: follow the true path when the run date is a Monday or Friday, and Variable deep_scan is set (default on)."
    if (_run_date(context).isoweekday() in (1, 5) and _variable_flag("deep_scan", True)):
        return ["deep__scan"]
    return ["report"]


def _run_date(context):
    """The run's logical date; manual runs without one use the time they were queued."""
    return context.get("logical_date") or context["dag_run"].run_after


def _variable_flag(name, default):
    """An Airflow Variable read at run time as a yes/no flag."""
    value = Variable.get(name, default=None)
    if value is None:
        return default
    return str(value).strip().lower() in ("1", "true", "yes", "on")


with DAG(
    dag_id="bj__housekeeping__tables__daily",
    schedule="@daily",
    start_date=pendulum.datetime(2025, 6, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["layer:bronze", "kind:maintenance"],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    start = EmptyOperator(
        task_id="start",
    )
    cleanup__check = BranchPythonOperator(
        task_id="cleanup__check",
        python_callable=_choose__cleanup__check,
    )
    cleanup__optimize = EmptyOperator(
        task_id="cleanup__optimize",
    )
    cleanup__vacuum = EmptyOperator(
        task_id="cleanup__vacuum",
    )
    cleanup__skip = EmptyOperator(
        task_id="cleanup__skip",
    )
    cleanup__done = EmptyOperator(
        task_id="cleanup__done",
        trigger_rule="none_failed_min_one_success",
    )
    deep__check = BranchPythonOperator(
        task_id="deep__check",
        python_callable=_choose__deep__check,
    )
    deep__scan = EmptyOperator(
        task_id="deep__scan",
    )
    report = EmptyOperator(
        task_id="report",
        trigger_rule="all_done",
    )

    start >> cleanup__check
    cleanup__check >> cleanup__optimize
    cleanup__check >> cleanup__vacuum
    cleanup__check >> cleanup__skip
    [cleanup__optimize, cleanup__skip, cleanup__vacuum] >> cleanup__done
    cleanup__done >> deep__check
    deep__check >> deep__scan
    [deep__check, deep__scan] >> report
