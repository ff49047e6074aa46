"""Import a folder of DAG files with Airflow's real DagBag and report what it found as JSON.

Usage:
    python inspect_dagbag.py <dag_folder> [--render <logical_date ISO>] [--conf <json>]

Prints exactly one JSON document on stdout; everything Airflow logs goes to stderr.
No metadata database is needed: DagBag parsing and template rendering run in-process.

--render renders every task's templated fields for a run at that logical date, the way the
Airflow 3 task runner does (RuntimeTaskInstance.get_template_context + render_templates),
with a dag_run built locally instead of fetched from the API server. Variables come from
AIRFLOW_VAR_<NAME> environment variables (Airflow's own environment secrets backend);
`var.value.get('x', 'default')` falls back to the default when unset.

Output shape (see test/integration/helpers/python-env.ts, DagBagReport):
    {"airflow_version", "dag_folder", "import_errors": {relpath: message},
     "warnings": {relpath: [message]},
     "dags": {dag_id: {"fileloc_relative", "schedule", "timetable_class", "timetable_summary",
                       "tags", "catchup", "max_active_runs", "max_active_tasks", "description",
                       "doc_md", "start_date", "end_date", "default_args", "params", "owner",
                       "tasks": {task_id: {"operator", "upstream", "downstream", "trigger_rule",
                                           "retries", "depends_on_past", "owner", "retry_delay",
                                           "execution_timeout", "outlets", "inlets",
                                           "template_fields", "attrs",
                                           ["rendered" | "render_error"]}}}},
     ["render": {"logical_date"}]}
"""

from __future__ import annotations

import argparse
import atexit
import datetime as _dt
import enum
import json
import math
import os
import shutil
import sys
import tempfile
import traceback
import uuid

# Airflow's loggers write to stdout. Keep the real stdout for the JSON document only, and
# point fd 1 (and sys.stdout) at stderr before anything from Airflow is imported.
_JSON_OUT = os.dup(1)
os.dup2(2, 1)
sys.stdout = sys.stderr
# Never leave __pycache__ folders in the (checked-in) DAG folders we import.
sys.dont_write_bytecode = True


def _prepare_environment(dag_folder: str) -> None:
    if not os.environ.get("AIRFLOW_HOME"):
        home = tempfile.mkdtemp(prefix="lakec-airflow-home-")
        atexit.register(shutil.rmtree, home, ignore_errors=True)
        os.environ["AIRFLOW_HOME"] = home
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", dag_folder)
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    # Parsing needs no database. Point the connection string at the throwaway home anyway so
    # that nothing can ever touch a developer's real metadata database.
    os.environ.setdefault(
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "sqlite:///" + os.path.join(os.environ["AIRFLOW_HOME"], "airflow.db"),
    )


# ---------------------------------------------------------------------------------------------
# JSON-safe conversion
# ---------------------------------------------------------------------------------------------

_MAX_DEPTH = 30


def _qualname(obj_or_type) -> str:
    t = obj_or_type if isinstance(obj_or_type, type) else type(obj_or_type)
    return f"{t.__module__}.{t.__qualname__}"


def _mro_names(obj) -> set[str]:
    return {c.__name__ for c in type(obj).__mro__}


def _is_k8s_model(obj) -> bool:
    return hasattr(obj, "openapi_types") and callable(getattr(obj, "to_dict", None))


def _is_env_var_list(value) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) > 0
        and all(type(v).__name__ == "V1EnvVar" for v in value)
    )


def _asset_expr(obj, depth: int):
    """Assets as URIs; boolean conditions as {"all": [...]} / {"any": [...]}."""
    names = _mro_names(obj)
    if "AssetAll" in names:
        return {"all": [to_json(o, depth + 1) for o in obj.objects]}
    if "AssetAny" in names:
        return {"any": [to_json(o, depth + 1) for o in obj.objects]}
    if "AssetAlias" in names:
        return {"alias": obj.name}
    if "AssetNameRef" in names:
        return {"asset_ref": {"name": obj.name}}
    if "AssetUriRef" in names:
        return {"asset_ref": {"uri": obj.uri}}
    if "Asset" in names:
        return obj.uri
    return None


def to_json(value, depth: int = 0):
    """Convert anything to JSON-compatible data; never raises."""
    try:
        return _to_json(value, depth)
    except Exception as exc:  # noqa: BLE001 - the report must not crash on odd attributes
        return {"__repr__": _safe_repr(value), "__error__": f"{type(exc).__name__}: {exc}"}


def _safe_repr(value) -> str:
    try:
        return repr(value)
    except Exception as exc:  # noqa: BLE001
        return f"<unrepresentable {_qualname(value)}: {exc}>"


def _to_json(value, depth: int):
    if depth > _MAX_DEPTH:
        return {"__repr__": _safe_repr(value), "__type__": _qualname(value)}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return to_json(value.value, depth + 1)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return {"timedelta_seconds": value.total_seconds()}
    if isinstance(value, bytes):
        return {"__bytes__": value.decode("utf-8", "backslashreplace")}
    names = _mro_names(value)
    if "BaseAsset" in names:
        expr = _asset_expr(value, depth)
        if expr is not None:
            return expr
    if "Secret" in names and hasattr(value, "deploy_type") and hasattr(value, "secret"):
        return {
            "deploy_type": value.deploy_type,
            "deploy_target": value.deploy_target,
            "secret": value.secret,
            "key": value.key,
        }
    if _is_env_var_list(value):
        return _env_vars(value, depth)
    if _is_k8s_model(value):
        return to_json(value.to_dict(), depth + 1)
    if "ParamsDict" in names and callable(getattr(value, "dump", None)):
        return to_json(value.dump(), depth + 1)
    if "Param" in names and hasattr(value, "value") and hasattr(value, "schema"):
        return {"value": to_json(getattr(value, "value", None), depth + 1), "schema": to_json(value.schema, depth + 1)}
    if isinstance(value, dict):
        return {_key(k): to_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [to_json(v, depth + 1) for v in value]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    if callable(value) and hasattr(value, "__qualname__") and not isinstance(value, type):
        return {"__callable__": f"{getattr(value, '__module__', '?')}.{value.__qualname__}"}
    if isinstance(value, type):
        return {"__class__": _qualname(value)}
    if "BaseModel" in names and callable(getattr(value, "model_dump", None)):  # pydantic
        return to_json(value.model_dump(mode="json"), depth + 1)
    return {"__repr__": _safe_repr(value), "__type__": _qualname(value)}


def _key(k) -> str:
    if isinstance(k, str):
        return k
    converted = to_json(k)
    return converted if isinstance(converted, str) else json.dumps(converted, sort_keys=True)


def _env_vars(value, depth: int) -> dict:
    """KubernetesPodOperator keeps env_vars as [V1EnvVar]; report them as {name: value}."""
    out = {}
    for ev in value:
        if ev.value_from is not None:
            out[ev.name] = {"value_from": to_json(ev.value_from, depth + 1)}
        else:
            out[ev.name] = ev.value
    return out


# ---------------------------------------------------------------------------------------------
# DAG / task description
# ---------------------------------------------------------------------------------------------

_NOT_SET = object()

_OPERATOR_ATTRS: list[tuple[str, tuple[str, ...]]] = [
    (
        "KubernetesPodOperator",
        (
            "image",
            "cmds",
            "arguments",
            "env_vars",
            "secrets",
            "namespace",
            "name",
            "node_selector",
            "service_account_name",
            "image_pull_secrets",
            "container_resources",
            "image_pull_policy",
            "startup_timeout_seconds",
        ),
    ),
    (
        "SparkKubernetesOperator",
        ("application_file", "namespace", "kubernetes_conn_id", "delete_on_termination"),
    ),
    ("TriggerDagRunOperator", ("trigger_dag_id", "logical_date", "reset_dag_run", "wait_for_completion")),
    ("HttpOperator", ("http_conn_id", "endpoint", "method", "data", "headers")),
    ("HttpSensor", ("http_conn_id", "endpoint", "method", "request_params", "headers")),
]


def _selected_attrs(task) -> dict:
    names = _mro_names(task)
    out = {}
    for cls_name, attrs in _OPERATOR_ATTRS:
        if cls_name not in names:
            continue
        for attr in attrs:
            try:
                value = getattr(task, attr, _NOT_SET)
            except Exception as exc:  # noqa: BLE001
                value = {"__error__": f"{type(exc).__name__}: {exc}"}
            if value is not _NOT_SET:
                out[attr] = to_json(value)
    return out


def _template_values(task) -> dict:
    out = {}
    for field in getattr(task, "template_fields", ()) or ():
        out[field] = to_json(getattr(task, field, None))
    return out


def _schedule(dag):
    """The schedule as declared: cron/preset string, None, asset URIs or an asset condition."""
    raw = getattr(dag, "schedule", _NOT_SET)
    if raw is _NOT_SET:  # not an attribute on this Airflow version: derive from the timetable
        expr = getattr(dag.timetable, "_expression", None)
        if expr is not None:
            return expr
        cond = getattr(dag.timetable, "asset_condition", None)
        return to_json(cond) if cond is not None and "BaseAsset" in _mro_names(cond) else None
    if "Timetable" in _mro_names(raw):
        return {
            "timetable": _qualname(raw),
            "summary": to_json(getattr(raw, "summary", None)),
            "description": to_json(getattr(raw, "description", None)),
        }
    return to_json(raw)


def _relpath(path: str, root: str) -> str:
    if not os.path.isabs(path):  # DagBag already made it relative (to a bundle path)
        return path.replace(os.sep, "/")
    try:
        rel = os.path.relpath(os.path.realpath(path), root)
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/")


def _describe_task(task) -> dict:
    return {
        "operator": _qualname(task),
        "upstream": sorted(task.upstream_task_ids),
        "downstream": sorted(task.downstream_task_ids),
        "trigger_rule": to_json(task.trigger_rule),
        "retries": to_json(task.retries),
        "depends_on_past": to_json(task.depends_on_past),
        "owner": to_json(getattr(task, "owner", None)),
        "retry_delay": to_json(getattr(task, "retry_delay", None)),
        "execution_timeout": to_json(getattr(task, "execution_timeout", None)),
        "outlets": to_json(list(getattr(task, "outlets", None) or [])),
        "inlets": to_json(list(getattr(task, "inlets", None) or [])),
        "template_fields": _template_values(task),
        "attrs": _selected_attrs(task),
        "doc_md": getattr(task, "doc_md", None),
    }


def _describe_dag(dag, root: str) -> dict:
    return {
        "fileloc_relative": _relpath(dag.fileloc, root),
        "schedule": _schedule(dag),
        "timetable_class": _qualname(dag.timetable),
        "timetable_summary": to_json(getattr(dag.timetable, "summary", None)),
        "tags": sorted(dag.tags or []),
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "max_active_tasks": to_json(getattr(dag, "max_active_tasks", None)),
        "description": dag.description,
        "doc_md": dag.doc_md,
        "start_date": to_json(dag.start_date),
        "end_date": to_json(getattr(dag, "end_date", None)),
        "default_args": to_json(dag.default_args or {}),
        "params": to_json(getattr(dag, "params", None) or {}),
        "owner": to_json(dag.owner),
        "tasks": {t.task_id: _describe_task(t) for t in sorted(dag.tasks, key=lambda t: t.task_id)},
    }


# ---------------------------------------------------------------------------------------------
# Rendering templated fields without a database
# ---------------------------------------------------------------------------------------------


def _parse_logical_date(text: str):
    import pendulum

    parsed = pendulum.parse(text, tz="UTC")
    if not isinstance(parsed, pendulum.DateTime):  # a bare date
        parsed = pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC")
    return parsed


def _run_for(dag, logical_date, conf: dict):
    """A DagRun as the API server would hand it to the task runner."""
    from airflow.sdk.api.datamodels._generated import DagRun, DagRunState, DagRunType

    names = _mro_names(dag.timetable)
    if "NullTimetable" in names:
        run_type = DagRunType.MANUAL
    elif "AssetTriggeredTimetable" in names:
        run_type = DagRunType.ASSET_TRIGGERED
    else:
        run_type = DagRunType.SCHEDULED
    try:
        interval = dag.timetable.infer_manual_data_interval(run_after=logical_date)
        start, end = interval.start, interval.end
    except Exception:  # noqa: BLE001
        start = end = logical_date
    return DagRun(
        dag_id=dag.dag_id,
        run_id=f"{run_type.value}__{logical_date.isoformat()}",
        logical_date=logical_date,
        data_interval_start=start,
        data_interval_end=end,
        run_after=logical_date,
        start_date=logical_date,
        run_type=run_type,
        state=DagRunState.RUNNING,
        conf=conf,
        consumed_asset_events=[],
    )


def _render_task(task, dag_run) -> dict:
    from airflow.sdk.api.datamodels._generated import TIRunContext
    from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance

    ti = RuntimeTaskInstance.model_construct(
        id=uuid.uuid4(),
        task_id=task.task_id,
        dag_id=dag_run.dag_id,
        run_id=dag_run.run_id,
        try_number=1,
        dag_version_id=uuid.uuid4(),
        map_index=-1,
        task=task,
        max_tries=task.retries or 0,
        start_date=dag_run.start_date,
        _ti_context_from_server=TIRunContext(dag_run=dag_run, max_tries=task.retries or 0),
    )
    context = ti.get_template_context()
    # Renders in place (as the task runner does); the unrendered values were recorded first.
    ti.render_templates(context=context, jinja_env=task.dag.get_template_env())
    return _template_values(ti.task)


def _load_application(entry: dict, text: str) -> None:
    """The rendered SparkApplication as the operator loads it (PyYAML through the provider's own
    loader), or the reason it cannot be. A lone surrogate (an astral character decoded from two
    escapes) is an error here: JSON with ensure_ascii would hide it as a valid pair."""
    from airflow.providers.cncf.kubernetes.hooks.kubernetes import _load_body_to_dict

    try:
        doc = _load_body_to_dict(text)
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
        entry["application"] = doc
    except Exception as exc:  # noqa: BLE001 - reported per task, not fatal
        entry["application_error"] = f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dag_folder")
    parser.add_argument("--render", metavar="LOGICAL_DATE", help="render templated fields for this date")
    parser.add_argument("--conf", default="{}", help="dag_run.conf as JSON (with --render)")
    args = parser.parse_args(argv)

    dag_folder = os.path.realpath(args.dag_folder)
    if not os.path.exists(dag_folder):
        print(f"inspect_dagbag: no such folder: {args.dag_folder}", file=sys.stderr)
        return 2
    root = dag_folder if os.path.isdir(dag_folder) else os.path.dirname(dag_folder)
    _prepare_environment(root)

    import airflow
    from airflow.models.dagbag import DagBag

    bag = DagBag(dag_folder, include_examples=False, safe_mode=False)

    report: dict = {
        "airflow_version": airflow.__version__,
        "dag_folder": dag_folder,
        "import_errors": {_relpath(f, root): str(msg) for f, msg in bag.import_errors.items()},
        "warnings": {
            _relpath(f, root): [str(w) for w in ws] for f, ws in getattr(bag, "captured_warnings", {}).items()
        },
        "dags": {dag_id: _describe_dag(bag.dags[dag_id], root) for dag_id in sorted(bag.dags)},
    }

    if args.render:
        logical_date = _parse_logical_date(args.render)
        conf = json.loads(args.conf)
        report["render"] = {"logical_date": logical_date.isoformat()}
        for dag_id in sorted(bag.dags):
            dag = bag.dags[dag_id]
            dag_run = _run_for(dag, logical_date, conf)
            for task in dag.tasks:
                entry = report["dags"][dag_id]["tasks"][task.task_id]
                try:
                    entry["rendered"] = _render_task(task, dag_run)
                except Exception as exc:  # noqa: BLE001 - reported per task, not fatal
                    traceback.print_exc(file=sys.stderr)
                    entry["render_error"] = f"{type(exc).__name__}: {exc}"
                    continue
                if isinstance(entry["rendered"].get("application_file"), str):
                    _load_application(entry, entry["rendered"]["application_file"])

    data = json.dumps(report, sort_keys=True, ensure_ascii=True, indent=1) + "\n"
    with os.fdopen(_JSON_OUT, "w", encoding="ascii") as out:
        out.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
