"""A rendered SparkApplication as one local `spark-submit`: what the Spark Operator does, done here.

Pure translation (no Airflow import), so it can be tested on its own. What cannot mean anything
on one machine (executor pods, node selectors, service accounts, Kubernetes-only Spark settings)
is left out and listed in `notes`; what cannot be done here at all is a LocalRunError.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from lakec_local.runtime import LocalRunError, Runtime

# Settings of the Kubernetes scheduler backend: meaningless (or harmful) with a local master.
_KUBERNETES_ONLY_PREFIXES = ("spark.kubernetes.", "spark.executor.instances", "spark.driver.host")


@dataclass
class Submit:
    argv: list[str]
    env: dict[str, str]
    notes: list[str] = field(default_factory=list)


def build(app: dict, name: str, runtime: Runtime, task: str, workdir: str) -> Submit:
    spec = app.get("spec") or {}
    notes: list[str] = []
    spark = runtime.spark
    env_spark = runtime.environments.get("spark", {})
    argv = [spark["submit"], "--master", f"local[{_cores(spec, spark)}]", "--name", name]

    app_type = str(spec.get("type", "Python"))
    if app_type in ("Java", "Scala"):
        if not spec.get("mainClass"):
            raise LocalRunError(f"task {task}: SparkApplication {name} of type {app_type} has no mainClass")
        argv += ["--class", spec["mainClass"]]
    elif app_type != "Python":
        raise LocalRunError(f"task {task}: SparkApplication type '{app_type}' cannot run locally (Python, Java, Scala can)")

    driver = spec.get("driver") or {}
    memory = spark.get("driverMemory") or driver.get("memory")
    if memory:
        argv += ["--driver-memory", _memory(memory)]

    jars = _jars(spec, runtime, task, env_spark)
    if jars:
        argv += ["--jars", ",".join(jars)]
    py_files = [_local_path(p, env_spark, task) for p in (spec.get("deps") or {}).get("pyFiles", [])]
    if py_files:
        argv += ["--py-files", ",".join(py_files)]

    conf = {k: str(v) for k, v in (spec.get("sparkConf") or {}).items()}
    conf.update({f"spark.hadoop.{k}": str(v) for k, v in (spec.get("hadoopConf") or {}).items()})
    conf.pop("spark.jars", None)  # merged into --jars above
    conf.setdefault("spark.log.level", "WARN")
    conf.setdefault("spark.sql.warehouse.dir", os.path.join(workdir, "spark-warehouse"))
    for key in sorted(conf):
        if key.startswith(_KUBERNETES_ONLY_PREFIXES):
            notes.append(f"left out (Kubernetes only): {key}")
            continue
        argv += ["--conf", f"{key}={runtime.rewrite(conf[key])}"]

    main = spec.get("mainApplicationFile")
    if not main:
        raise LocalRunError(f"task {task}: SparkApplication {name} has no mainApplicationFile")
    argv.append(_local_path(main, env_spark, task))
    argv += [runtime.rewrite(str(a)) for a in spec.get("arguments") or []]

    env = dict(runtime.base_env)
    env.update(_container_env(spec.get("executor") or {}, runtime, task))
    env.update(_container_env(driver, runtime, task))
    env["SPARK_APPLICATION_NAME"] = name
    python = env_spark.get("python") or spark.get("python")
    if python:
        env["PYSPARK_PYTHON"] = python
        env["PYSPARK_DRIVER_PYTHON"] = python
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if spec.get("volumes"):
        notes.append("left out: volumes (the local jar cache and paths stand in for them)")
    return Submit(argv=argv, env=env, notes=notes)


def _cores(spec: dict, spark: dict) -> int:
    executor = spec.get("executor") or {}
    wanted = int(executor.get("instances") or 1) * int(executor.get("cores") or 1)
    return max(1, min(wanted, int(spark.get("maxCores") or os.cpu_count() or 1)))


def _memory(value: str) -> str:
    # Kubernetes quantities (2Gi, 2500Mi) as Spark reads them (2g, 2500m); Spark's own pass through.
    text = str(value).strip()
    for suffix, unit in (("Gi", "g"), ("Mi", "m"), ("Ki", "k"), ("G", "g"), ("M", "m")):
        if text.endswith(suffix) and text[: -len(suffix)].isdigit():
            return text[: -len(suffix)] + unit
    return text


def _local_path(uri: str, env_spark: dict, task: str) -> str:
    """`local:///opt/spark/app/main.py` -> the file that the image would hold at that path."""
    path = uri[len("local://"):] if uri.startswith("local://") else uri
    if "://" in path:
        raise LocalRunError(f"task {task}: '{uri}' is not a path in the image; the local runner needs local:// files")
    for image_dir, local_dir in sorted((env_spark.get("paths") or {}).items(), key=lambda kv: -len(kv[0])):
        if path == image_dir or path.startswith(image_dir.rstrip("/") + "/"):
            return local_dir + path[len(image_dir.rstrip("/")):]
    raise LocalRunError(
        f"task {task}: '{uri}' is not a path this project puts into the Spark image "
        f"(known: {', '.join(sorted(env_spark.get('paths') or {})) or 'none'})"
    )


def _jars(spec: dict, runtime: Runtime, task: str, env_spark: dict) -> list[str]:
    """The cached jars of the lock file, and any jar the application names, found in that cache."""
    cached = list(runtime.spark.get("jars") or [])
    by_name = {os.path.basename(j): j for j in cached}
    named = list((spec.get("deps") or {}).get("jars") or [])
    named += [j for j in str((spec.get("sparkConf") or {}).get("spark.jars", "")).split(",") if j.strip()]
    for jar in named:
        base = os.path.basename(jar.strip())
        if base not in by_name:
            raise LocalRunError(
                f"task {task}: jar '{jar.strip()}' is not in the local jar cache (spark-jobs/jars.lock.txt)"
            )
    return cached


def _container_env(container: dict, runtime: Runtime, task: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for item in container.get("env") or []:
        name = item.get("name")
        if "value" in item:
            env[name] = runtime.rewrite(str(item["value"]))
            continue
        ref = (item.get("valueFrom") or {}).get("secretKeyRef")
        if not ref:
            raise LocalRunError(f"task {task}: env {name} uses a value source the local runner cannot resolve (only secretKeyRef)")
        env[name] = runtime.secret(ref["name"], ref["key"], task)
    for source in container.get("envFrom") or []:
        raise LocalRunError(f"task {task}: envFrom ({source}) is not supported by the local runner")
    return env
