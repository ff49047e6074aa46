# Generated from pipelines/dbt.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ampere__gold__refresh_from_silver__adhoc"
from __future__ import annotations

import pendulum
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset
from airflow.sdk import DAG
from kubernetes.client import models as k8s


with DAG(
    dag_id="ampere__gold__refresh_from_silver__adhoc",
    schedule=None,
    start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["layer:gold", "system:dbt", "mode:adhoc"],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    run__gold__start = EmptyOperator(
        task_id="run__gold__start",
    )
    run__gold__dbt_refresh_from_silver = KubernetesPodOperator(
        task_id="run__gold__dbt_refresh_from_silver",
        name="run-gold-dbt-refresh-from-silver",
        namespace="ampere",
        image="ghcr.io/antonminiazev/ampere-dbt:{{ var.value.get('ampere_release_version', 'latest') }}",
        image_pull_policy="IfNotPresent",
        image_pull_secrets=[k8s.V1LocalObjectReference(name="ghcr-pull")],
        cmds=["python", "/app/dbt/run_dbt.py"],
        arguments=[
            "--selector",
            "gold_only",
            "--logical-date",
            "{{ (logical_date or dag_run.run_after) | ds }}",
            "--artifacts",
            "s3://ampere-gold-ops/dbt",
        ],
        env_vars={
            "AWS_ALLOW_HTTP": "true",
            "AWS_ENDPOINT_URL": "http://minio.ampere.svc.cluster.local:9000",
            "AWS_REGION": "us-east-1",
            "DBT_DUCKDB_MEMORY_LIMIT": "7GB",
            "DBT_DUCKDB_PATH": "/tmp/ampere.duckdb",
            "DBT_EXTERNAL_ROOT": "/tmp/ampere-external",
            "DBT_PROJECT_DIR": "/app/dbt",
            "DBT_RUN_MODE": "gold_only",
            "DBT_TARGET": "duckdb",
            "DBT_THREADS": "2",
            "LOGICAL_DATE": "{{ (logical_date or dag_run.run_after) | ds }}",
            "SERVING_PG_DATABASE": "ampere_serving",
            "SERVING_PG_HOST": "postgres-service",
            "SERVING_PG_PORT": "5432",
        },
        secrets=[
            Secret(deploy_type="env", deploy_target="AWS_ACCESS_KEY_ID", secret="minio-creds", key="access_key"),
            Secret(deploy_type="env", deploy_target="AWS_SECRET_ACCESS_KEY", secret="minio-creds", key="secret_key"),
            Secret(deploy_type="env", deploy_target="SERVING_PG_PASSWORD", secret="pgpass", key="pgpass"),
            Secret(deploy_type="env", deploy_target="SERVING_PG_USER", secret="pguser", key="pguser"),
        ],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "500m", "memory": "2Gi"}, limits={"cpu": "4", "memory": "10Gi"}),
        node_selector={"kubernetes.io/hostname": "ampere-k8s-node4"},
        service_account_name="spark-operator-spark",
        startup_timeout_seconds=300,
        get_logs=True,
        on_finish_action="delete_pod",
        inlets=[Asset("x-duckdb:///tmp/ampere.duckdb/silver/stg_clients"), Asset("x-duckdb:///tmp/ampere.duckdb/silver/stg_orders"), Asset("x-duckdb:///tmp/ampere.duckdb/silver/stg_payments"), Asset("x-duckdb:///tmp/ampere.duckdb/silver/stg_stores")],
        outlets=[Asset("postgres://postgres-service:5432/ampere_serving/gold/dim_clients"), Asset("postgres://postgres-service:5432/ampere_serving/gold/fct_orders_sales"), Asset("s3://ampere-gold/gold/dim_clients"), Asset("x-duckdb:///tmp/ampere.duckdb/gold/dim_clients"), Asset("x-duckdb:///tmp/ampere.duckdb/gold/fct_orders_sales")],
    )
    run__gold__done = EmptyOperator(
        task_id="run__gold__done",
    )

    run__gold__start >> run__gold__dbt_refresh_from_silver
    run__gold__dbt_refresh_from_silver >> run__gold__done
