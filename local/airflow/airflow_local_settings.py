"""Cluster policies of the local runner (`npm run local`), loaded by every Airflow process it starts.

This folder is put on PYTHONPATH only by the local runner: the generated DAGs are not changed,
only the Kubernetes boundary is replaced while they run here (see lakec_local/policy.py).
"""
from lakec_local.policy import dag_policy, task_policy  # noqa: F401  (Airflow looks these names up)
