# Generated from pipelines/steps.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"had__silver__bronze_to_silver__daily"
from __future__ import annotations

import os
import pendulum
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset
from airflow.sdk import DAG


with DAG(
    dag_id="had__silver__bronze_to_silver__daily",
    schedule=[Asset("s3://ampere-bronze/bronze/source/clients")],
    start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
    template_searchpath=[os.path.dirname(os.path.dirname(os.path.abspath(__file__)))],
) as dag:
    run__sparkapp__start = EmptyOperator(
        task_id="run__sparkapp__start",
    )
    run__sparkapp__group_dims = SparkKubernetesOperator(
        task_id="run__sparkapp__group_dims",
        application_file="sparkapplications/silver-dims.yaml",
        namespace="ampere",
        kubernetes_conn_id="kubernetes_default",
        get_logs=True,
        delete_on_termination=True,
        inlets=[Asset("s3://ampere-bronze/bronze/source/clients")],
        outlets=[Asset("s3://ampere-silver/silver/_quarantine/clients"), Asset("s3://ampere-silver/silver/clients")],
    )
    run__sparkapp__done = EmptyOperator(
        task_id="run__sparkapp__done",
    )

    run__sparkapp__start >> run__sparkapp__group_dims
    run__sparkapp__group_dims >> run__sparkapp__done
