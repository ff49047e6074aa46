"""Import a folder of DAG files with Airflow's DagBag and report every asset they name, with the
OpenLineage dataset Airflow's own OpenLineage provider turns it into.

Usage:
    python asset_lineage.py <dag_folder>

Prints one JSON document on stdout:
    {"import_errors": {relpath: message},
     "converters": [scheme, ...],              # schemes with a registered OpenLineage converter
     "dags": {dag_id: {"schedule": [asset, ...] | null,
                       "tasks": {task_id: {"inlets": [asset, ...], "outlets": [asset, ...]}}}}}
    asset = {"uri": str, "openlineage": {"namespace": str, "name": str} | null}

The conversion is the provider's: airflow.providers.openlineage.utils.utils.translate_airflow_asset
(which dispatches to the converter the Amazon, Postgres or common-io provider registers for the
asset's scheme; null when no provider converts that scheme). No metadata database is needed.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile

_JSON_OUT = os.dup(1)
os.dup2(2, 1)
sys.stdout = sys.stderr
sys.dont_write_bytecode = True


def main(folder: str) -> int:
    folder = os.path.realpath(folder)
    home = tempfile.mkdtemp(prefix="lakec-airflow-home-")
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ["AIRFLOW_HOME"] = home
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = folder
    os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "WARNING"
    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = "sqlite:///" + os.path.join(home, "airflow.db")

    from airflow.models.dagbag import DagBag
    from airflow.providers_manager import ProvidersManager
    from airflow.providers.openlineage.utils.utils import translate_airflow_asset
    from airflow.sdk import Asset

    def asset(a) -> dict:
        if not isinstance(a, Asset):
            return {"uri": repr(a), "openlineage": None}
        ol = translate_airflow_asset(a, lineage_context=None)
        return {"uri": a.uri, "openlineage": None if ol is None else {"namespace": ol.namespace, "name": ol.name}}

    bag = DagBag(dag_folder=folder, include_examples=False, safe_mode=False)
    dags = {}
    for dag_id, dag in sorted(bag.dags.items()):
        schedule = getattr(dag, "schedule", None)
        dags[dag_id] = {
            "schedule": [asset(a) for a in schedule] if isinstance(schedule, (list, tuple)) else None,
            "tasks": {
                t.task_id: {"inlets": [asset(a) for a in t.inlets], "outlets": [asset(a) for a in t.outlets]}
                for t in dag.tasks
            },
        }
    report = {
        "import_errors": {os.path.relpath(k, folder): str(v) for k, v in bag.import_errors.items()},
        "converters": sorted(ProvidersManager().asset_to_openlineage_converters),
        "dags": dags,
    }
    with os.fdopen(_JSON_OUT, "w", encoding="utf-8") as out:
        json.dump(report, out, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
