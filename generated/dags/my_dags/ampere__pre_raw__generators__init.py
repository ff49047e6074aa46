# Generated from pipelines/generators.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"ampere__pre_raw__generators__init: Initial data source creation and dictionary population. Executed one time only; daily generation happens in ampere__pre_raw__generators__daily."
from __future__ import annotations

import pendulum
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.sdk import DAG
from kubernetes.client import models as k8s


with DAG(
    dag_id="ampere__pre_raw__generators__init",
    schedule=None,
    start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["layer:pre_raw", "system:postgres", "mode:init"],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
    description="Initial data source creation and dictionary population. Executed one time only; daily generation happens in ampere__pre_raw__generators__daily.",
    doc_md="Initial data source creation and dictionary population. Executed one time only; daily generation happens in ampere__pre_raw__generators__daily.",
) as dag:
    run__pre_raw__init = KubernetesPodOperator(
        task_id="run__pre_raw__init",
        name="init-source-preparation",
        namespace="ampere",
        image="ghcr.io/antonminiazev/init-source-preparation:{{ var.value.get('ampere_release_version', 'latest') }}",
        image_pull_policy="IfNotPresent",
        image_pull_secrets=[k8s.V1LocalObjectReference(name="ghcr-pull")],
        env_vars={
            "N_DELIVERY_RESOURCE": "{{ var.value.get('init_delivery_resource', '') }}",
            "N_OF_INIT_CLIENTS": "{{ var.value.get('init_client_num', '') }}",
            "PROJECT_START_DATE": "{{ (logical_date or dag_run.run_after) | ds }}",
        },
        secrets=[
            Secret(deploy_type="env", deploy_target="PGPASSWORD", secret="pgpass", key="pgpass"),
            Secret(deploy_type="env", deploy_target="PGUSER", secret="pguser", key="pguser"),
        ],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "200m", "memory": "512Mi"}, limits={"cpu": "1", "memory": "1Gi"}),
        node_selector={"kubernetes.io/hostname": "ampere-k8s-node4"},
        startup_timeout_seconds=240,
        get_logs=True,
        on_finish_action="delete_pod",
    )
