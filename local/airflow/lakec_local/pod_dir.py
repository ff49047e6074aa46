"""A fresh directory per task try: what a pod's own filesystem is on the cluster.

A pod starts from its image every time, so nothing in its /tmp survives to the next task (the
reference's gold-only DAGs depend on that: their DuckDB file lives in /tmp). Kept under the
runner's state folder for reading after the run, replaced when the same try runs again.
"""
from __future__ import annotations

import os
import re
import shutil


def fresh(state_dir: str, dag_id: str, run_id: str, task_id: str, try_number: int) -> str:
    safe = lambda s: re.sub(r"[^A-Za-z0-9_.-]+", "_", s)  # noqa: E731
    path = os.path.join(state_dir, "pods", safe(dag_id), safe(run_id), safe(task_id), f"try-{try_number}")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, "tmp"))
    return path
