# Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"shop__gold__dbt__full_rebuild"
from __future__ import annotations

import pendulum
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset
from airflow.sdk import DAG
from kubernetes.client import models as k8s


with DAG(
    dag_id="shop__gold__dbt__full_rebuild",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    run__gold__start = EmptyOperator(
        task_id="run__gold__start",
    )
    run__gold__dbt_full_rebuild = KubernetesPodOperator(
        task_id="run__gold__dbt_full_rebuild",
        name="run-gold-dbt-full-rebuild",
        namespace="shop",
        image="registry.local/dbt:latest",
        image_pull_policy="IfNotPresent",
        cmds=["python", "/app/dbt/run_dbt.py"],
        arguments=[
            "--selector",
            "full_rebuild",
            "--logical-date",
            "{{ (logical_date or dag_run.run_after) | ds }}",
            "--full-refresh",
            "--artifacts",
            "s3://ops/dbt",
        ],
        env_vars={
            "AWS_ALLOW_HTTP": "true",
            "AWS_ENDPOINT_URL": "http://minio:9000",
            "AWS_REGION": "us-east-1",
            "DBT_DUCKDB_PATH": "/tmp/shop.duckdb",
            "DBT_EXTERNAL_ROOT": "/tmp/shop-external",
            "DBT_PROJECT_DIR": "/app/dbt",
            "DBT_RUN_MODE": "full_rebuild",
            "DBT_TARGET": "duckdb",
            "DBT_THREADS": "2",
            "LOGICAL_DATE": "{{ (logical_date or dag_run.run_after) | ds }}",
            "SERVING_PG_DATABASE": "serving",
            "SERVING_PG_HOST": "pg",
            "SERVING_PG_PORT": "5432",
        },
        secrets=[
            Secret(deploy_type="env", deploy_target="AWS_ACCESS_KEY_ID", secret="lake-creds", key="access_key"),
            Secret(deploy_type="env", deploy_target="AWS_SECRET_ACCESS_KEY", secret="lake-creds", key="secret_key"),
            Secret(deploy_type="env", deploy_target="SERVING_PG_PASSWORD", secret="serving", key="password"),
            Secret(deploy_type="env", deploy_target="SERVING_PG_USER", secret="serving", key="user"),
        ],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "500m", "memory": "2Gi"}, limits={"cpu": "4", "memory": "4Gi"}),
        startup_timeout_seconds=300,
        get_logs=True,
        on_finish_action="delete_pod",
        inlets=[Asset("s3://bronze/b/customers"), Asset("s3://bronze/b/orders")],
        outlets=[Asset("postgres://pg:5432/serving/marts/orders_fact"), Asset("s3://gold/g/orders_fact"), Asset("x-duckdb:///tmp/shop.duckdb/gold/orders_fact"), Asset("x-duckdb:///tmp/shop.duckdb/silver/stg_customers")],
    )
    run__gold__done = EmptyOperator(
        task_id="run__gold__done",
    )

    run__gold__start >> run__gold__dbt_full_rebuild
    run__gold__dbt_full_rebuild >> run__gold__done
