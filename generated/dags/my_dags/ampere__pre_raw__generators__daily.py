# Generated from pipelines/generators.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ampere__pre_raw__generators__daily: Generates one day of orders, payments and deliveries in the source database, then starts raw landing."
from __future__ import annotations

import pendulum
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import DAG
from kubernetes.client import models as k8s


with DAG(
    dag_id="ampere__pre_raw__generators__daily",
    schedule="15 4 * * *",
    start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["layer:pre_raw", "system:postgres", "mode:daily"],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
    description="Generates one day of orders, payments and deliveries in the source database, then starts raw landing.",
    doc_md="Generates one day of orders, payments and deliveries in the source database, then starts raw landing.",
) as dag:
    run__pre_raw__daily = KubernetesPodOperator(
        task_id="run__pre_raw__daily",
        name="order-data-generator",
        namespace="ampere",
        image="ghcr.io/antonminiazev/order-data-generator:{{ var.value.get('ampere_release_version', 'latest') }}",
        image_pull_policy="IfNotPresent",
        image_pull_secrets=[k8s.V1LocalObjectReference(name="ghcr-pull")],
        cmds=["python", "-m", "order_data_generator"],
        arguments=["--run-date", "{{ (logical_date or dag_run.run_after) | ds }}"],
        env_vars={"PGOPTIONS": "-c work_mem={{ var.value.get('pg_work_mem', '64MB') }}"},
        secrets=[
            Secret(deploy_type="env", deploy_target="PGPASSWORD", secret="pgpass", key="pgpass"),
            Secret(deploy_type="env", deploy_target="PGUSER", secret="pguser", key="pguser"),
        ],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "250m", "memory": "1Gi"}, limits={"cpu": "2", "memory": "3Gi"}),
        node_selector={"kubernetes.io/hostname": "ampere-k8s-node4"},
        startup_timeout_seconds=120,
        get_logs=True,
        on_finish_action="delete_pod",
        depends_on_past=True,
    )
    trigger__raw_landing__postgres_to_landing__daily = TriggerDagRunOperator(
        task_id="trigger__raw_landing__postgres_to_landing__daily",
        trigger_dag_id="ampere__raw_landing__postgres_to_landing__daily",
        logical_date="{{ (logical_date or dag_run.run_after) | ts }}",
        reset_dag_run=True,
        wait_for_completion=False,
    )

    run__pre_raw__daily >> trigger__raw_landing__postgres_to_landing__daily
