"""Cluster policies: where the local runner swaps the Kubernetes boundary for local processes.

- A SparkKubernetesOperator task becomes LocalSparkApplication: the operator still renders and
  loads its SparkApplication itself; only submitting it to the Spark Operator is replaced by a
  local spark-submit of that document.
- A KubernetesPodOperator task becomes LocalPod: its rendered command runs in the local
  environment of its image.
- A DAG scheduled by time gets no timetable here: the runner is the clock and triggers one run
  per requested day (otherwise Airflow would start a run for today as soon as the DAG appears).
  Asset-scheduled DAGs keep theirs, so asset events start them as on the cluster.
"""
from __future__ import annotations

import os

from airflow.timetables.simple import AssetTriggeredTimetable, NullTimetable


def _active() -> bool:
    # control.py reads the DAGs as written (their real schedule) with the policies off.
    return os.environ.get("LAKEC_LOCAL_NO_POLICY") != "1"


def dag_policy(dag) -> None:
    if not _active():
        return
    timetable = dag.timetable
    if isinstance(timetable, (NullTimetable, AssetTriggeredTimetable)):
        return
    if timetable.can_be_scheduled:
        dag.timetable = NullTimetable()


def task_policy(task) -> None:
    if not _active():
        return
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

    # SparkKubernetesOperator subclasses KubernetesPodOperator: test it first.
    if isinstance(task, SparkKubernetesOperator):
        from lakec_local.spark_operator import LocalSparkApplication

        task.__class__ = LocalSparkApplication
    elif isinstance(task, KubernetesPodOperator):
        from lakec_local.pod_operator import LocalPod

        task.__class__ = LocalPod
