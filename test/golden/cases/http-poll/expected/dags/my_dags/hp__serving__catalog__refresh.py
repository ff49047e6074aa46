# Generated from pipelines/refresh.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"hp__serving__catalog__refresh"
from __future__ import annotations

import pendulum
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.sensors.http import HttpSensor
from airflow.sdk import DAG


def _json_field(response, path):
    """A dotted field of a JSON response, or None when it is absent."""
    value = response.json()
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


with DAG(
    dag_id="hp__serving__catalog__refresh",
    schedule="@hourly",
    start_date=pendulum.datetime(2025, 2, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=[],
    default_args={"owner": "airflow", "retries": 0, "retry_delay": pendulum.duration(seconds=300), "depends_on_past": False},
) as dag:
    refresh__trigger = HttpOperator(
        task_id="refresh__trigger",
        http_conn_id="catalog_api",
        method="POST",
        endpoint="/datasets/orders/{{ (logical_date or dag_run.run_after) | ds }}/refresh",
        data="{{ '{\"mode\":\"full\",\"options\":{\"retries\":3,\"zOrder\":true},\"tables\":[\"orders\",\"payments\"]}' }}",
        headers={"Content-Type": "application/json", "X-Source": "airflow"},
        response_check=lambda response: response.status_code in (200, 202),
        response_filter=lambda response: _json_field(response, "release_id"),
    )
    refresh__wait_release = HttpSensor(
        task_id="refresh__wait_release",
        http_conn_id="catalog_api",
        method="GET",
        endpoint="/datasets/orders/latest",
        response_check=lambda response, ti: _json_field(response, "release_id") != ti.xcom_pull(task_ids="refresh__trigger"),
        poke_interval=30,
        timeout=1800,
        mode="reschedule",
    )
    refresh__notify = HttpOperator(
        task_id="refresh__notify",
        http_conn_id="status_api",
        method="PUT",
        endpoint="/runs/{{ run_id }}",
        data="release ready for {{ var.value.get('catalog_env', 'prod') }}",
        headers={"Content-Type": "text/plain"},
        response_check=lambda response: response.status_code in (204, 409),
        extra_options={"check_response": False},
    )
    refresh__wait_serving = HttpSensor(
        task_id="refresh__wait_serving",
        http_conn_id="status_api",
        method="GET",
        endpoint="/serving/state",
        headers={"Accept": "application/json"},
        response_check=lambda response: _json_field(response, "data.state") == "ready",
        poke_interval=60,
        timeout=3600,
        mode="reschedule",
    )

    refresh__trigger >> refresh__wait_release
    refresh__wait_release >> refresh__notify
    refresh__notify >> refresh__wait_serving
