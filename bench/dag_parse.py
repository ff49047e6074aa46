"""DAG parse-time benchmark: generated DAG files vs the same DAGs built from YAML at parse time.

    <airflow venv>/bin/python bench/dag_parse.py generated/dags [--rounds 30]

For each generated DAG file, Airflow's DagBag parses it `rounds` times (after one warm-up, so
module imports are cached as in a long-running DAG processor); we report p50/p95 per file. The
baseline writes each DAG's structure to YAML and parses it through a loader in the style of
dag-factory (read + yaml.safe_load + operators built dynamically at parse time).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="bench-airflow-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")

LOADER = '''
import importlib, os, yaml, pendulum
from airflow.sdk import DAG
HERE = os.path.dirname(os.path.abspath(__file__))
for name in sorted(os.listdir(HERE)):
    if not name.endswith(".yaml"):
        continue
    with open(os.path.join(HERE, name)) as f:
        spec = yaml.safe_load(f)
    dag = DAG(dag_id=spec["dag_id"], schedule=spec["schedule"], start_date=pendulum.datetime(2025, 8, 24, tz="UTC"),
              catchup=False, tags=spec["tags"], template_searchpath=[os.path.join(HERE, "..")])
    tasks = {}
    for t in spec["tasks"]:
        module, cls = t["operator"].rsplit(".", 1)
        op = getattr(importlib.import_module(module), cls)
        kwargs = dict(t.get("kwargs") or {})
        if cls == "BranchPythonOperator":
            kwargs["python_callable"] = lambda **_: []
        tasks[t["task_id"]] = op(task_id=t["task_id"], dag=dag, **kwargs)
    for t in spec["tasks"]:
        for up in t["upstream"]:
            tasks[up] >> tasks[t["task_id"]]
    globals()[spec["dag_id"]] = dag
'''

SIMPLE_ARGS = {
    "KubernetesPodOperator": ["name", "namespace", "image", "cmds", "arguments"],
    "TriggerDagRunOperator": ["trigger_dag_id"],
    "SparkKubernetesOperator": ["application_file", "namespace"],
    "HttpOperator": ["http_conn_id", "endpoint", "method"],
    "HttpSensor": ["http_conn_id", "endpoint"],
}


def timed_parse(path: Path, rounds: int) -> list[float]:
    from airflow.models.dagbag import DagBag

    DagBag(dag_folder=str(path), include_examples=False, safe_mode=False)  # warm-up: imports
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        bag = DagBag(dag_folder=str(path), include_examples=False, safe_mode=False)
        out.append((time.perf_counter() - started) * 1000)
        if bag.import_errors:
            raise SystemExit(f"import errors in {path}: {bag.import_errors}")
    return out


def yaml_twin(dag, folder: Path) -> Path:
    """The same DAG as YAML plus a parse-time loader, in a folder of its own."""
    import yaml

    out = folder / dag.dag_id
    out.mkdir(parents=True)
    tasks = []
    for t in dag.tasks:
        cls = type(t)
        kwargs = {k: getattr(t, k) for k in SIMPLE_ARGS.get(cls.__name__, []) if getattr(t, k, None) is not None}
        if "application_file" in kwargs:
            kwargs["application_file"] = "sparkapp.yml"
        tasks.append({"task_id": t.task_id, "operator": f"{cls.__module__}.{cls.__name__}", "upstream": sorted(t.upstream_task_ids),
                      "kwargs": json.loads(json.dumps(kwargs, default=str))})
    schedule = dag.schedule if isinstance(dag.schedule, str) else None
    (out / f"{dag.dag_id}.yaml").write_text(yaml.safe_dump({"dag_id": dag.dag_id, "schedule": schedule, "tags": sorted(dag.tags), "tasks": tasks}))
    (out / "sparkapp.yml").write_text("kind: placeholder\n")
    (out / "loader_dag.py").write_text("# airflow dag\n" + LOADER)
    return out / "loader_dag.py"


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dag_folder")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    from airflow.models.dagbag import DagBag

    files = sorted(Path(args.dag_folder).rglob("*.py"))
    twins = Path(tempfile.mkdtemp(prefix="bench-yaml-"))
    rows = []
    for f in files:
        bag = DagBag(dag_folder=str(f), include_examples=False, safe_mode=False)
        (dag,) = bag.dags.values()
        gen = timed_parse(f, args.rounds)
        yml = timed_parse(yaml_twin(dag, twins), args.rounds)
        rows.append((dag.dag_id, len(dag.tasks), gen, yml))
    print(f"{'DAG':55} {'tasks':>5} {'generated p50/p95 ms':>22} {'YAML-at-parse p50/p95 ms':>26} {'speed-up':>8}")
    all_gen, all_yml = [], []
    for dag_id, n, gen, yml in rows:
        all_gen += gen
        all_yml += yml
        print(f"{dag_id:55} {n:>5} {pct(gen, .5):>10.1f} / {pct(gen, .95):>8.1f} {pct(yml, .5):>12.1f} / {pct(yml, .95):>8.1f} {pct(yml, .5) / pct(gen, .5):>7.1f}x")
    print(f"{'all files':55} {'':>5} {pct(all_gen, .5):>10.1f} / {pct(all_gen, .95):>8.1f} {pct(all_yml, .5):>12.1f} / {pct(all_yml, .95):>8.1f} {pct(all_yml, .5) / pct(all_gen, .5):>7.1f}x")


if __name__ == "__main__":
    sys.exit(main())
