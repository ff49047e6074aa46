# Generated from pipelines/chain.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ht__raw__orders__daily"
from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import DAG


with DAG(
    dag_id="ht__raw__orders__daily",
    schedule="0 3 * * *",
    start_date=pendulum.datetime(2025, 5, 5, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    land = EmptyOperator(
        task_id="land",
    )
    land__manifest = EmptyOperator(
        task_id="land__manifest",
    )
    land__success_flag = EmptyOperator(
        task_id="land__success_flag",
    )
    trigger__bronze__orders__daily = TriggerDagRunOperator(
        task_id="trigger__bronze__orders__daily",
        trigger_dag_id="ht__bronze__orders__daily",
        logical_date="{{ (logical_date or dag_run.run_after) | ts }}",
        reset_dag_run=True,
        wait_for_completion=False,
    )

    land >> land__manifest
    land >> land__success_flag
    [land__manifest, land__success_flag] >> trigger__bronze__orders__daily
