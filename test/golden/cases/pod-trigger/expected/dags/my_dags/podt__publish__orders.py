# Generated from pipelines/load.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"podt__publish__orders: Publishes the loaded orders."
from __future__ import annotations

import pendulum
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.sdk import DAG
from kubernetes.client import models as k8s


with DAG(
    dag_id="podt__publish__orders",
    schedule=None,
    start_date=pendulum.datetime(2025, 3, 15, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["layer:gold"],
    default_args={"owner": "data-team", "retries": 2, "retry_delay": pendulum.duration(seconds=120), "depends_on_past": False},
    description="Publishes the loaded orders.",
    doc_md="Publishes the loaded orders.\nStarted by the loader with its logical date.",
) as dag:
    publish__run = KubernetesPodOperator(
        task_id="publish__run",
        name="publish-run",
        namespace="lakehouse",
        image="registry.example.com/lake/tools:2025.03",
        image_pull_policy="Always",
        image_pull_secrets=[k8s.V1LocalObjectReference(name="registry-pull"), k8s.V1LocalObjectReference(name="backup-pull")],
        arguments=["publish", "--date", "{{ (logical_date or dag_run.run_after) | ds }}"],
        node_selector={"kubernetes.io/arch": "amd64", "node-role": "batch"},
        service_account_name="lake-runner",
        startup_timeout_seconds=120,
        get_logs=True,
        on_finish_action="delete_pod",
    )
