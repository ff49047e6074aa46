# Generated from pipelines/steps.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"had__gold__client_mart__on_data"
from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset
from airflow.sdk import DAG


with DAG(
    dag_id="had__gold__client_mart__on_data",
    schedule=[Asset("s3://ampere-silver/silver/clients"), Asset("s3://finance-lake/gold/fx_rates")],
    start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    build = EmptyOperator(
        task_id="build",
    )
