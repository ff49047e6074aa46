# Generated from pipelines/steps.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ampere__bronze__landing_to_delta__daily"
from __future__ import annotations

import os
import pendulum
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import Asset
from airflow.sdk import DAG


with DAG(
    dag_id="ampere__bronze__landing_to_delta__daily",
    schedule=None,
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
    run__sparkapp__group_snapshots_mutable_dims = SparkKubernetesOperator(
        task_id="run__sparkapp__group_snapshots-mutable-dims",
        application_file="sparkapplications/bronze-snapshots-mutable-dims.yaml",
        namespace="ampere",
        kubernetes_conn_id="kubernetes_default",
        get_logs=True,
        delete_on_termination=True,
        inlets=[Asset("s3://ampere-bronze/bronze/source/_ops/apply_registry"), Asset("s3://ampere-raw/postgres-pre-raw/source/clients"), Asset("s3://ampere-raw/postgres-pre-raw/source/stores")],
        outlets=[Asset("s3://ampere-bronze/bronze/source/_ops/apply_registry"), Asset("s3://ampere-bronze/bronze/source/clients"), Asset("s3://ampere-bronze/bronze/source/stores")],
    )
    run__sparkapp__group_facts_events = SparkKubernetesOperator(
        task_id="run__sparkapp__group_facts-events",
        application_file="sparkapplications/bronze-facts-events.yaml",
        namespace="ampere",
        kubernetes_conn_id="kubernetes_default",
        get_logs=True,
        delete_on_termination=True,
        inlets=[Asset("s3://ampere-bronze/bronze/source/_ops/apply_registry"), Asset("s3://ampere-raw/postgres-pre-raw/source/payments")],
        outlets=[Asset("s3://ampere-bronze/bronze/source/_ops/apply_registry"), Asset("s3://ampere-bronze/bronze/source/payments")],
    )
    run__sparkapp__done = EmptyOperator(
        task_id="run__sparkapp__done",
    )
    trigger__silver__bronze_to_silver__daily = TriggerDagRunOperator(
        task_id="trigger__silver__bronze_to_silver__daily",
        trigger_dag_id="ampere__silver__bronze_to_silver__daily",
        logical_date="{{ (logical_date or dag_run.run_after) | ts }}",
        reset_dag_run=True,
        wait_for_completion=False,
    )

    run__sparkapp__start >> run__sparkapp__group_snapshots_mutable_dims
    run__sparkapp__group_snapshots_mutable_dims >> run__sparkapp__group_facts_events
    run__sparkapp__group_facts_events >> run__sparkapp__done
    run__sparkapp__done >> trigger__silver__bronze_to_silver__daily
