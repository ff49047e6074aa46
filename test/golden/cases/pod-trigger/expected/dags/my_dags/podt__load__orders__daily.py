# Generated from pipelines/load.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"podt__load__orders__daily: Loads one day of orders."
from __future__ import annotations

import pendulum
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import DAG
from kubernetes.client import models as k8s


with DAG(
    dag_id="podt__load__orders__daily",
    schedule="30 2 * * 1-5",
    start_date=pendulum.datetime(2025, 3, 15, tz="UTC"),
    catchup=True,
    max_active_runs=3,
    tags=["layer:bronze", "system:postgres"],
    default_args={"owner": "orders-team", "retries": 1, "retry_delay": pendulum.duration(seconds=60), "depends_on_past": True},
    description="Loads one day of orders.",
    doc_md="Loads one day of orders.",
) as dag:
    extract__orders = KubernetesPodOperator(
        task_id="extract__orders",
        name="extract-orders",
        namespace="lakehouse",
        image="registry.example.com/lake/loader:{{ var.value.get('loader_release', '1.4.0') }}",
        image_pull_policy="IfNotPresent",
        image_pull_secrets=[k8s.V1LocalObjectReference(name="registry-pull"), k8s.V1LocalObjectReference(name="backup-pull")],
        cmds=["python", "-m", "loader"],
        arguments=[
            "--date",
            "{{ (logical_date or dag_run.run_after) | ds }}",
            "--partition",
            "{{ (logical_date or dag_run.run_after) | ds_nodash }}",
            "--at",
            "{{ (logical_date or dag_run.run_after) | ts }}",
            "--run={{ run_id }}/try-{{ ti.try_number }}",
        ],
        env_vars={
            "LOG_LEVEL": "info",
            "PGOPTIONS": "-c work_mem={{ var.value.get('pg_work_mem', '64MB') }} -c statement_timeout=0",
            "RUN_DATE": "{{ (logical_date or dag_run.run_after) | ds }}",
            "TARGET_BUCKET": "{{ var.value.get('orders_bucket', 's3://lake/bronze') }}",
        },
        secrets=[
            Secret(deploy_type="env", deploy_target="PGPASSWORD", secret="pg-credentials", key="password"),
            Secret(deploy_type="env", deploy_target="PGUSER", secret="pg-credentials", key="user"),
        ],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "250m", "memory": "512Mi"}, limits={"cpu": "2", "memory": "2Gi"}),
        node_selector={"kubernetes.io/arch": "amd64", "node-role": "batch"},
        service_account_name="lake-runner",
        startup_timeout_seconds=300,
        get_logs=True,
        on_finish_action="delete_pod",
        doc_md="Extracts the orders of the run date.",
    )
    compact__orders = KubernetesPodOperator(
        task_id="compact__orders",
        name="orders-compaction",
        namespace="lakehouse",
        image="registry.example.com/lake/tools:2025.03",
        image_pull_policy="Always",
        image_pull_secrets=[k8s.V1LocalObjectReference(name="registry-pull"), k8s.V1LocalObjectReference(name="backup-pull")],
        arguments=["compact", "s3://lake/bronze/orders/date={{ (logical_date or dag_run.run_after) | ds }}/"],
        node_selector={"node-role": "compaction"},
        service_account_name="compactor",
        startup_timeout_seconds=120,
        get_logs=True,
        on_finish_action="delete_pod",
        retries=0,
        retry_delay=pendulum.duration(seconds=30),
        depends_on_past=False,
    )
    trigger__publish__orders = TriggerDagRunOperator(
        task_id="trigger__publish__orders",
        trigger_dag_id="podt__publish__orders",
        logical_date="{{ (logical_date or dag_run.run_after) | ts }}",
        reset_dag_run=True,
        wait_for_completion=True,
        poke_interval=30,
        allowed_states=["success"],
        failed_states=["failed"],
    )
    notify__finance = TriggerDagRunOperator(
        task_id="notify__finance",
        trigger_dag_id="finance__ledger__daily",
        logical_date="{{ (logical_date or dag_run.run_after) | ts }}",
        reset_dag_run=False,
        wait_for_completion=False,
    )

    extract__orders >> compact__orders
    compact__orders >> trigger__publish__orders
    compact__orders >> notify__finance
