# Generated from pipelines/sources.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ha__bronze__payments"
from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset
from airflow.sdk import DAG


with DAG(
    dag_id="ha__bronze__payments",
    schedule="@hourly",
    start_date=pendulum.datetime(2025, 5, 5, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    load = EmptyOperator(
        task_id="load",
    )
    audit = EmptyOperator(
        task_id="audit",
    )
    handoff__done = EmptyOperator(
        task_id="handoff__done",
        outlets=[Asset("pipeline://ha/ha__bronze__payments")],
    )

    [audit, load] >> handoff__done
