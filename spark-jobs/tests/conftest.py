"""Session-wide engines for the spark-jobs suite: ONE local Spark (Delta + s3a), ONE PostgreSQL,
ONE moto S3 server, all on loopback. Tests get a fresh lake directory and a fresh Postgres
schema each.

Missing prerequisites (java, PostgreSQL binaries, the jars) fail the run when CI=true and
skip it with an explicit reason otherwise (pytest -rs prints it); they never pass silently.
"""
import logging
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
JOBS_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(JOBS_DIR)
sys.path.insert(0, JOBS_DIR)
sys.path.insert(0, HERE)

from support import generated  # noqa: E402
from support import pg as pgsupport  # noqa: E402
from support.specs import S3_ACCESS_ENV, S3_SECRET_ENV  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
S3_ACCESS_KEY, S3_SECRET_KEY = "lakec-test-access", "lakec-test-secret"


def missing(what):
    """A prerequisite is missing: fail in CI, skip loudly elsewhere."""
    msg = f"spark-jobs suite prerequisite missing: {what}"
    if IN_CI:
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def jars():
    """Comma-joined jar paths for spark.jars (scripts/spark-jars.sh, cached outside the checkout)."""
    jar_dir = os.environ.get("LAKEC_SPARK_JARS_DIR")
    if not jar_dir:
        res = subprocess.run(["bash", os.path.join(REPO, "scripts", "spark-jars.sh")], capture_output=True, text=True)
        if res.returncode != 0:
            missing(f"scripts/spark-jars.sh failed:\n{res.stderr[-2000:]}")
        jar_dir = res.stdout.strip().splitlines()[-1]
    listing = os.path.join(jar_dir, "jars.txt")
    if not os.path.exists(listing):
        missing(f"{listing} (run scripts/spark-jars.sh)")
    return open(listing).read().strip()


@pytest.fixture(scope="session")
def s3_server():
    """moto in server mode: a real HTTP S3 endpoint on loopback (path-style)."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        missing("moto[server] (use the spark venv: scripts/python-env.sh spark)")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ[S3_ACCESS_ENV], os.environ[S3_SECRET_ENV] = S3_ACCESS_KEY, S3_SECRET_KEY
    yield f"http://{host}:{port}"
    server.stop()


# The committed SparkApplication whose fs.s3a.* sparkConf the suite runs with (all generated
# SparkApplications carry the same one; test_s3a_e2e.py checks that).
S3A_APP = "landing-facts-events"


def s3a_conf(endpoint):
    """The fs.s3a.* sparkConf of generated/dags/sparkapplications/<S3A_APP>.yaml as committed,
    its endpoint pointed at the moto server (keys come from env via the spec's lake.s3)."""
    return generated.s3a_conf(S3A_APP, endpoint)


def spark_conf(jars, endpoint):
    conf = {
        "spark.jars": jars,
        "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.default.parallelism": "2",
        "spark.sql.session.timeZone": "UTC",
        "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
        "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
        "spark.databricks.delta.snapshotPartitions": "2",
        "spark.sql.adaptive.enabled": "true",
        "spark.driver.memory": "2g",
        "spark.sql.sources.parallelPartitionDiscovery.threshold": "1000",
    }
    conf.update(s3a_conf(endpoint))
    return conf


@pytest.fixture(scope="session")
def spark(jars, s3_server):
    if not os.environ.get("JAVA_HOME") and subprocess.run(["sh", "-c", "command -v java"], capture_output=True).returncode:
        missing("java (OpenJDK 17: apt-get install -y openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master("local[2]").appName("spark-jobs-tests")
    for k, v in spark_conf(jars, s3_server).items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def pg_server():
    binaries = pgsupport.find_bin_dir()
    if binaries is None:
        missing("PostgreSQL server binaries (pg_ctl, initdb): apt-get install -y postgresql")
    server = pgsupport.Server(binaries)
    server.start()
    os.environ["LAKEC_TEST_PGUSER"], os.environ["LAKEC_TEST_PGPASSWORD"] = server.user, server.password
    yield server
    server.stop()


@pytest.fixture
def pg(pg_server, request):
    """A fresh schema in the session's PostgreSQL for one test."""
    return pg_server.fresh_schema(request.node.name)


@pytest.fixture
def lake(tmp_path):
    root = tmp_path / "lake"
    root.mkdir()
    return {name: f"file://{root}/{name}" for name in ("raw", "state", "bronze", "registry", "silver", "quarantine")}
