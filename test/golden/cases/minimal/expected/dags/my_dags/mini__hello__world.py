# Generated from pipelines/hello.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"mini__hello__world"
from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG


with DAG(
    dag_id="mini__hello__world",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    done = EmptyOperator(
        task_id="done",
    )
