# Generated from pipelines/medallion.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ampere__raw_landing__postgres_to_landing__daily: Extracts the source tables over JDBC into dated Parquet batches with a manifest and _SUCCESS, advancing watermarks."
from __future__ import annotations

import os
import pendulum
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import Asset
from airflow.sdk import DAG


with DAG(
    dag_id="ampere__raw_landing__postgres_to_landing__daily",
    schedule=None,
    start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["layer:raw_landing", "system:postgres", "mode:daily"],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
    template_searchpath=[os.path.dirname(os.path.dirname(os.path.abspath(__file__)))],
    description="Extracts the source tables over JDBC into dated Parquet batches with a manifest and _SUCCESS, advancing watermarks.",
    doc_md="Extracts the source tables over JDBC into dated Parquet batches with a manifest and _SUCCESS, advancing watermarks.",
) as dag:
    run__sparkapp__start = EmptyOperator(
        task_id="run__sparkapp__start",
    )
    run__sparkapp__group_snapshots_mutable_dims = SparkKubernetesOperator(
        task_id="run__sparkapp__group_snapshots-mutable-dims",
        application_file="sparkapplications/landing-snapshots-mutable-dims.yaml",
        namespace="ampere",
        kubernetes_conn_id="kubernetes_default",
        get_logs=True,
        delete_on_termination=True,
        inlets=[Asset("postgres://postgres-service:5432/ampere_db/source/assortment"), Asset("postgres://postgres-service:5432/ampere_db/source/clients"), Asset("postgres://postgres-service:5432/ampere_db/source/costing"), Asset("postgres://postgres-service:5432/ampere_db/source/delivery_costing"), Asset("postgres://postgres-service:5432/ampere_db/source/delivery_resource"), Asset("postgres://postgres-service:5432/ampere_db/source/delivery_type"), Asset("postgres://postgres-service:5432/ampere_db/source/order_statuses"), Asset("postgres://postgres-service:5432/ampere_db/source/product_categories"), Asset("postgres://postgres-service:5432/ampere_db/source/products"), Asset("postgres://postgres-service:5432/ampere_db/source/stores"), Asset("postgres://postgres-service:5432/ampere_db/source/zones"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_assortment.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_clients.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_costing.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_costing.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_resource.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_type.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_order_statuses.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_product_categories.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_products.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_stores.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_zones.json")],
        outlets=[Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_assortment.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_clients.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_costing.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_costing.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_resource.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_type.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_order_statuses.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_product_categories.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_products.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_stores.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_zones.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/assortment"), Asset("s3://ampere-raw/postgres-pre-raw/source/clients"), Asset("s3://ampere-raw/postgres-pre-raw/source/costing"), Asset("s3://ampere-raw/postgres-pre-raw/source/delivery_costing"), Asset("s3://ampere-raw/postgres-pre-raw/source/delivery_resource"), Asset("s3://ampere-raw/postgres-pre-raw/source/delivery_type"), Asset("s3://ampere-raw/postgres-pre-raw/source/order_statuses"), Asset("s3://ampere-raw/postgres-pre-raw/source/product_categories"), Asset("s3://ampere-raw/postgres-pre-raw/source/products"), Asset("s3://ampere-raw/postgres-pre-raw/source/stores"), Asset("s3://ampere-raw/postgres-pre-raw/source/zones"), Asset("s3://ampere-silver/silver/_quarantine/_landing/assortment"), Asset("s3://ampere-silver/silver/_quarantine/_landing/clients"), Asset("s3://ampere-silver/silver/_quarantine/_landing/costing"), Asset("s3://ampere-silver/silver/_quarantine/_landing/delivery_costing"), Asset("s3://ampere-silver/silver/_quarantine/_landing/delivery_resource"), Asset("s3://ampere-silver/silver/_quarantine/_landing/delivery_type"), Asset("s3://ampere-silver/silver/_quarantine/_landing/order_statuses"), Asset("s3://ampere-silver/silver/_quarantine/_landing/product_categories"), Asset("s3://ampere-silver/silver/_quarantine/_landing/products"), Asset("s3://ampere-silver/silver/_quarantine/_landing/stores"), Asset("s3://ampere-silver/silver/_quarantine/_landing/zones")],
    )
    run__sparkapp__group_facts_events = SparkKubernetesOperator(
        task_id="run__sparkapp__group_facts-events",
        application_file="sparkapplications/landing-facts-events.yaml",
        namespace="ampere",
        kubernetes_conn_id="kubernetes_default",
        get_logs=True,
        delete_on_termination=True,
        inlets=[Asset("postgres://postgres-service:5432/ampere_db/source/delivery_tracking"), Asset("postgres://postgres-service:5432/ampere_db/source/order_product"), Asset("postgres://postgres-service:5432/ampere_db/source/order_status_history"), Asset("postgres://postgres-service:5432/ampere_db/source/orders"), Asset("postgres://postgres-service:5432/ampere_db/source/payments"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_tracking.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_order_product.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_order_status_history.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_orders.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_payments.json")],
        outlets=[Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_delivery_tracking.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_order_product.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_order_status_history.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_orders.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/_state/_state_payments.json"), Asset("s3://ampere-raw/postgres-pre-raw/source/delivery_tracking"), Asset("s3://ampere-raw/postgres-pre-raw/source/order_product"), Asset("s3://ampere-raw/postgres-pre-raw/source/order_status_history"), Asset("s3://ampere-raw/postgres-pre-raw/source/orders"), Asset("s3://ampere-raw/postgres-pre-raw/source/payments"), Asset("s3://ampere-silver/silver/_quarantine/_landing/delivery_tracking"), Asset("s3://ampere-silver/silver/_quarantine/_landing/order_product"), Asset("s3://ampere-silver/silver/_quarantine/_landing/order_status_history"), Asset("s3://ampere-silver/silver/_quarantine/_landing/orders"), Asset("s3://ampere-silver/silver/_quarantine/_landing/payments")],
    )
    run__sparkapp__done = EmptyOperator(
        task_id="run__sparkapp__done",
    )
    trigger__bronze__landing_to_delta__daily = TriggerDagRunOperator(
        task_id="trigger__bronze__landing_to_delta__daily",
        trigger_dag_id="ampere__bronze__landing_to_delta__daily",
        logical_date="{{ (logical_date or dag_run.run_after) | ts }}",
        reset_dag_run=True,
        wait_for_completion=False,
    )

    run__sparkapp__start >> run__sparkapp__group_snapshots_mutable_dims
    run__sparkapp__start >> run__sparkapp__group_facts_events
    [run__sparkapp__group_facts_events, run__sparkapp__group_snapshots_mutable_dims] >> run__sparkapp__done
    run__sparkapp__done >> trigger__bronze__landing_to_delta__daily
