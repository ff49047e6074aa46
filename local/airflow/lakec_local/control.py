"""The runner's hands inside Airflow: inspect the generated DAGs, start a run for a day.

    python -m lakec_local.control inspect DAGS_FOLDER      -> one JSON document on stdout
    python -m lakec_local.control trigger DAG_ID DAY FILE  -> {"run_id", "logical_date", "cleared"}

Run with the Airflow environment of the local runner (AIRFLOW_HOME, database). `inspect` and the
logical-date part of `trigger` read the DAG files as written, before any local policy.
"""
from __future__ import annotations

import json
import os
import sys

os.environ["LAKEC_LOCAL_NO_POLICY"] = "1"  # the DAGs as they are, for reading; see policy.py


def _bag(path: str):
    from airflow.models.dagbag import DagBag

    return DagBag(dag_folder=path, include_examples=False, safe_mode=False)


def inspect(dags_folder: str) -> dict:
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
    from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator

    bag = _bag(dags_folder)
    dags = {}
    for dag_id, dag in sorted(bag.dags.items()):
        tasks = []
        for task in dag.tasks:
            entry = {"task_id": task.task_id, "operator": type(task).__name__}
            if isinstance(task, SparkKubernetesOperator):
                entry["kind"] = "spark"
            elif isinstance(task, KubernetesPodOperator):
                entry.update(kind="pod", image=task.image)
            elif isinstance(task, TriggerDagRunOperator):
                entry.update(kind="trigger", trigger_dag_id=task.trigger_dag_id)
            tasks.append(entry)
        dags[dag_id] = {"fileloc": dag.fileloc, "schedule": _schedule_kind(dag.timetable), "tasks": tasks}
    return {"dags": dags, "import_errors": {k: v for k, v in sorted(bag.import_errors.items())}}


def _schedule_kind(timetable) -> str:
    from airflow.timetables.simple import AssetTriggeredTimetable, NullTimetable

    if isinstance(timetable, NullTimetable):
        return "none"
    if isinstance(timetable, AssetTriggeredTimetable):
        return "asset"
    return "time" if timetable.can_be_scheduled else "none"


def logical_date_for_day(fileloc: str, dag_id: str, day: str):
    """The logical date the scheduler gives this DAG's run on `day` (its first tick that day), or
    midnight UTC for a DAG that is not scheduled by time."""
    import pendulum
    from airflow.timetables.base import TimeRestriction

    midnight = pendulum.parse(day, tz="UTC")
    dag = _bag(fileloc).dags.get(dag_id)
    if dag is None:
        raise SystemExit(f"DAG {dag_id} not found in {fileloc}")
    if _schedule_kind(dag.timetable) != "time":
        return midnight
    info = dag.timetable.next_dagrun_info(
        last_automated_data_interval=None,
        restriction=TimeRestriction(earliest=midnight, latest=midnight.add(days=1).subtract(seconds=1), catchup=True),
    )
    return info.logical_date if info else midnight


def trigger(dag_id: str, day: str, fileloc: str) -> dict:
    """A run of dag_id for `day`: created, or, when it exists (a rerun), cleared so it runs again
    (what TriggerDagRunOperator's reset_dag_run does)."""
    from airflow.api.common.trigger_dag import trigger_dag
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunTriggeredByType, DagRunType

    logical_date = logical_date_for_day(fileloc, dag_id, day)
    run_id = DagRun.generate_run_id(run_type=DagRunType.MANUAL, logical_date=logical_date, run_after=logical_date)
    with create_session() as session:
        existing = session.query(DagRun).filter(DagRun.dag_id == dag_id, DagRun.logical_date == logical_date).one_or_none()
        if existing is not None:
            from airflow.models.dagbag import DBDagBag

            dag = DBDagBag().get_dag_for_run(existing, session=session)
            dag.clear(run_id=existing.run_id, dag_run_state=DagRunState.QUEUED, session=session)
            return {"run_id": existing.run_id, "logical_date": logical_date.isoformat(), "cleared": True}
    trigger_dag(
        dag_id, run_id=run_id, logical_date=logical_date, run_after=logical_date,
        triggered_by=DagRunTriggeredByType.CLI, triggering_user_name="lakec-local",
    )
    return {"run_id": run_id, "logical_date": logical_date.isoformat(), "cleared": False}


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "inspect":
        print(json.dumps(inspect(argv[1]), sort_keys=True))
        return 0
    if len(argv) >= 4 and argv[0] == "trigger":
        print(json.dumps(trigger(argv[1], argv[2], argv[3]), sort_keys=True))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
