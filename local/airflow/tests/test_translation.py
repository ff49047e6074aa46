"""The Kubernetes boundary, translated: a rendered SparkApplication -> spark-submit, a rendered
pod -> a local command. Pure functions; the chain test (test/integration/local-chain.test.ts)
runs them for real inside Airflow."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from lakec_local.pod_command import PodSpec, build as build_pod  # noqa: E402
from lakec_local.runtime import LocalRunError, Runtime, _host_regex, image_repository  # noqa: E402
from lakec_local.spark_submit import build as build_submit  # noqa: E402

HOSTS = {"minio.ampere.svc.cluster.local": "127.1.2.3", "postgres-service": "127.4.5.6"}


def runtime(tmp_path, **extra):
    values = dict(
        state_dir=str(tmp_path), hosts=HOSTS,
        secrets={"minio-creds": {"access_key": "AK", "secret_key": "SK"}, "pgpass": {"pgpass": "PW"}},
        images={"ghcr.io/x/spark": {"kind": "spark"}, "ghcr.io/x/dbt": {"kind": "dbt"},
                "ghcr.io/x/gen": {"kind": "command", "command": ["node", "gen.js"], "env": {"PGHOST": "postgres-service"}}},
        environments={"spark": {"python": "/venv/spark/python", "paths": {"/opt/spark/app": "/repo/spark-jobs"}, "copies": {}},
                      "dbt": {"python": "/venv/dbt/python", "paths": {}, "copies": {"/app/dbt": str(tmp_path / "dbt-src")}}},
        spark={"submit": "/venv/spark/spark-submit", "jars": ["/cache/jars/delta.jar", "/cache/jars/pg.jar"], "maxCores": 2},
        base_env={"PATH": "/usr/bin", "HOME": "/root"},
    )
    values.update(extra)
    return Runtime(**values, _host_pattern=_host_regex(values["hosts"]))


APP = {
    "apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication", "metadata": {"name": "bronze-facts"},
    "spec": {
        "type": "Python", "mainApplicationFile": "local:///opt/spark/app/main.py",
        "arguments": ["--spec-json", '{"jdbc":{"host":"postgres-service","port":5432}}', "--run-date", "2026-03-28"],
        "sparkConf": {"spark.hadoop.fs.s3a.endpoint": "http://minio.ampere.svc.cluster.local:9000",
                      "spark.kubernetes.driver.podTemplateFile": "/x", "spark.sql.shuffle.partitions": "8"},
        "driver": {"cores": 1, "memory": "2500m", "env": [
            {"name": "AWS_ACCESS_KEY_ID", "valueFrom": {"secretKeyRef": {"name": "minio-creds", "key": "access_key"}}},
            {"name": "PLAIN", "value": "jdbc:postgresql://postgres-service:5432/db"}]},
        "executor": {"cores": 1, "instances": 4, "memory": "2g"},
    },
}


def test_spark_application_becomes_one_local_spark_submit(tmp_path):
    submit = build_submit(APP, "bronze-facts", runtime(tmp_path), "t1", str(tmp_path))
    argv = submit.argv
    assert argv[:5] == ["/venv/spark/spark-submit", "--master", "local[2]", "--name", "bronze-facts"]
    assert argv[argv.index("--driver-memory") + 1] == "2500m"
    assert argv[argv.index("--jars") + 1] == "/cache/jars/delta.jar,/cache/jars/pg.jar"
    confs = [argv[i + 1] for i, a in enumerate(argv) if a == "--conf"]
    assert "spark.hadoop.fs.s3a.endpoint=http://127.1.2.3:9000" in confs
    assert "spark.sql.shuffle.partitions=8" in confs
    assert not any(c.startswith("spark.kubernetes.") for c in confs)
    main = argv.index("/repo/spark-jobs/main.py")
    assert argv[main + 1:] == ["--spec-json", '{"jdbc":{"host":"127.4.5.6","port":5432}}', "--run-date", "2026-03-28"]
    assert submit.env["AWS_ACCESS_KEY_ID"] == "AK"
    assert submit.env["PLAIN"] == "jdbc:postgresql://127.4.5.6:5432/db"
    assert submit.env["PYSPARK_PYTHON"] == "/venv/spark/python"
    assert submit.env["SPARK_APPLICATION_NAME"] == "bronze-facts"
    assert any("spark.kubernetes.driver.podTemplateFile" in n for n in submit.notes)
    # No secret value on the command line (it is logged).
    assert "AK" not in " ".join(argv)


def test_a_missing_secret_or_a_foreign_main_file_is_a_clear_error(tmp_path):
    bad = {**APP, "spec": {**APP["spec"], "driver": {"env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "nope", "key": "k"}}}]}}}
    with pytest.raises(LocalRunError, match="secret 'nope' key 'k'"):
        build_submit(bad, "a", runtime(tmp_path), "t1", str(tmp_path))
    foreign = {**APP, "spec": {**APP["spec"], "mainApplicationFile": "local:///srv/other.py"}}
    with pytest.raises(LocalRunError, match="not a path this project puts into the Spark image"):
        build_submit(foreign, "a", runtime(tmp_path), "t1", str(tmp_path))
    unknown_jar = {**APP, "spec": {**APP["spec"], "deps": {"jars": ["local:///opt/spark/jars/unknown.jar"]}}}
    with pytest.raises(LocalRunError, match="unknown.jar' is not in the local jar cache"):
        build_submit(unknown_jar, "a", runtime(tmp_path), "t1", str(tmp_path))


def test_host_names_are_mapped_only_as_whole_names(tmp_path):
    rt = runtime(tmp_path)
    assert rt.rewrite("postgres-service") == "127.4.5.6"
    assert rt.rewrite("http://postgres-service:5432/x") == "http://127.4.5.6:5432/x"
    assert rt.rewrite("postgres-service2") == "postgres-service2"
    assert rt.rewrite("my-postgres-service") == "my-postgres-service"
    assert rt.rewrite("a.minio.ampere.svc.cluster.local") == "a.minio.ampere.svc.cluster.local"


def test_image_repository_drops_tag_and_digest():
    assert image_repository("ghcr.io/x/dbt:{{ var.value.get('v', 'latest') }}") == "ghcr.io/x/dbt"
    assert image_repository("registry:5000/x/dbt:1.2") == "registry:5000/x/dbt"
    assert image_repository("registry:5000/x/dbt") == "registry:5000/x/dbt"
    assert image_repository("x/dbt@sha256:abc") == "x/dbt"


def test_dbt_pod_runs_in_the_dbt_environment_with_a_fresh_tmp_and_its_own_project_copy(tmp_path):
    (tmp_path / "dbt-src").mkdir()
    (tmp_path / "dbt-src" / "run_dbt.py").write_text("print(1)")
    workdir = tmp_path / "pod"
    (workdir / "tmp").mkdir(parents=True)
    pod = PodSpec(
        task="dbt_build", image="ghcr.io/x/dbt:latest", cmds=["python", "/app/dbt/run_dbt.py"],
        arguments=["--selector", "daily", "--artifacts", "s3://ops/dbt"],
        env=[("DBT_PROJECT_DIR", "/app/dbt", None), ("DBT_DUCKDB_PATH", "/tmp/ampere.duckdb", None),
             ("AWS_ENDPOINT_URL", "http://minio.ampere.svc.cluster.local:9000", None), ("PW", None, ("pgpass", "pgpass"))],
        secrets=[("env", "AWS_SECRET_ACCESS_KEY", "minio-creds", "secret_key")],
    )
    command = build_pod(pod, runtime(tmp_path), str(workdir))
    project = str(workdir / "image" / "app" / "dbt")
    assert command.argv == ["/venv/dbt/python", f"{project}/run_dbt.py", "--selector", "daily", "--artifacts", "s3://ops/dbt"]
    assert os.path.isfile(f"{project}/run_dbt.py")
    assert command.env["DBT_PROJECT_DIR"] == project
    assert command.env["DBT_DUCKDB_PATH"] == str(workdir / "tmp" / "ampere.duckdb")
    assert command.env["AWS_ENDPOINT_URL"] == "http://127.1.2.3:9000"
    assert command.env["PW"] == "PW" and command.env["AWS_SECRET_ACCESS_KEY"] == "SK"


def test_mapped_image_replaces_the_command_and_keeps_the_arguments(tmp_path):
    pod = PodSpec(task="gen", image="ghcr.io/x/gen:v1", cmds=["python", "-m", "order_data_generator"],
                  arguments=["--run-date", "2026-03-28"], env=[], secrets=[])
    command = build_pod(pod, runtime(tmp_path), str(tmp_path))
    assert command.argv == ["node", "gen.js", "--run-date", "2026-03-28"]
    assert command.env["PGHOST"] == "127.4.5.6"


def test_a_mapped_command_is_a_local_path_even_under_tmp(tmp_path):
    # A checkout under /tmp (CI clones there): the local command must not become the pod's /tmp.
    images = {"ghcr.io/x/gen": {"kind": "command", "command": ["/usr/bin/node", "/tmp/ci/repo/cli.mjs", "/tmp/ci/repo/gen.ts"], "env": {"CACHE": "/tmp/ci/cache"}}}
    pod = PodSpec(task="gen", image="ghcr.io/x/gen:v1", cmds=["python", "-m", "gen"], arguments=["--out", "/tmp/out.csv"], env=[], secrets=[])
    workdir = tmp_path / "pod"
    command = build_pod(pod, runtime(tmp_path, images=images), str(workdir))
    assert command.argv == ["/usr/bin/node", "/tmp/ci/repo/cli.mjs", "/tmp/ci/repo/gen.ts", "--out", str(workdir / "tmp" / "out.csv")]
    assert command.env["CACHE"] == "/tmp/ci/cache"


def test_an_unmapped_image_names_the_image_and_the_task(tmp_path):
    pod = PodSpec(task="run_other", image="docker.io/other/tool:3", cmds=["x"], arguments=[], env=[], secrets=[])
    with pytest.raises(LocalRunError, match=r"task run_other: image 'docker.io/other/tool' is not built by this project"):
        build_pod(pod, runtime(tmp_path), str(tmp_path))
