"""Where things live in the lake. Pure string functions, one place for the layout.

  <lake.raw>/<t>/mode={snapshot|incremental}/{snapshot_date|extract_date|event_date}=D/run_id=R/
      part-*.parquet, _manifest.json, _SUCCESS
  <lake.state>/_state_<t>.json
  <lake.bronze>/<t>, <lake.silver>/<target>, <lake.quarantine>/<target>, <lake.registry>
"""
import re

from .errors import SpecError

MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"

# Landing folder field per behaviour: facts and events get one folder per event date.
PARTITION_FIELD = {
    "snapshot": "snapshot_date",
    "mutableDimension": "extract_date",
    "fact": "event_date",
    "event": "event_date",
}


def join(root, *parts):
    return "/".join([root.rstrip("/")] + [p.strip("/") for p in parts])


def mode_of(kind):
    return "snapshot" if kind == "snapshot" else "incremental"


def run_folder(run_id):
    """Airflow run ids hold ':' and '+', which Hadoop paths reject; keep a safe spelling.

    The original run id is kept in the manifest; the folder name only has to be stable and
    unique per run id.
    """
    if not run_id or not run_id.strip():
        raise SpecError("--run-id must not be empty")
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id.strip())


def raw_table_root(lake, table):
    return join(lake["raw"], table)


def batch_dir(lake, table, kind, date, run_id):
    return join(raw_table_root(lake, table), f"mode={mode_of(kind)}", f"{PARTITION_FIELD[kind]}={date}",
                f"run_id={run_folder(run_id)}")


def state_path(lake, table):
    return join(lake["state"], f"_state_{table}.json")


def bronze_path(lake, table):
    return join(lake["bronze"], table)


def silver_path(lake, target):
    return join(lake["silver"], target)


def quarantine_path(lake, target):
    return join(lake["quarantine"], target)
