"""End to end on s3a:// (moto S3 server on loopback) with the sparkConf of the committed
SparkApplication generated/dags/sparkapplications/landing-facts-events.yaml (only its s3a
endpoint replaced) and the S3 keys from the environment variables the spec names (lake.s3).

Landing runs as the Spark Operator runs it: `spark-submit main.py --spec-json ...` in a fresh
JVM with the SparkApplication's whole sparkConf and driver memory; what the image provides
besides (the jars of jars.lock.txt, a UTC container) is added as the image would. Bronze and
silver then run in the test session, whose fs.s3a.* sparkConf is the same SparkApplication's
(conftest.s3a_conf), to keep the suite fast (a cold JVM costs ~25 s)."""
import json
import os
import subprocess
import sys

import boto3

from conftest import JOBS_DIR, S3_ACCESS_KEY, S3_SECRET_KEY, S3A_APP
from support import data, generated, jobs, specs
from support.specs import S3_ACCESS_ENV, S3_SECRET_ENV

APPS = ["landing-facts-events", "landing-snapshots-mutable-dims", "bronze-facts-events",
        "bronze-snapshots-mutable-dims"]

TABLES = ["stores", "clients", "orders", "order_status_history"]
BUCKET = "lakec-e2e"


def test_every_sparkapplication_carries_the_conf_proven_here():
    """The suite runs one SparkApplication's fs.s3a.* conf; every generated one has the same,
    and the bronze ones the Delta settings bronze requires (session.require_delta)."""
    proven = generated.s3a_conf(S3A_APP, "http://endpoint")
    assert proven and set(proven) >= {generated.S3A_ENDPOINT, "spark.hadoop.fs.s3a.aws.credentials.provider"}
    for name in APPS:
        assert generated.s3a_conf(name, "http://endpoint") == proven, name
        conf = generated.spark_conf(name, "http://endpoint")
        if name.startswith("bronze"):
            assert "io.delta.sql.DeltaSparkSessionExtension" in conf["spark.sql.extensions"], name
            assert conf["spark.sql.catalog.spark_catalog"] == "org.apache.spark.sql.delta.catalog.DeltaCatalog", name


def spark_submit(spec, run_date, run_id, conf, env):
    submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    cmd = [submit, "--master", "local[2]"]
    for k, v in conf.items():
        cmd += ["--conf", f"{k}={v}"]
    cmd += [os.path.join(JOBS_DIR, "main.py"), "--spec-json", json.dumps(spec), "--run-date", run_date,
            "--run-id", run_id]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"spark-submit failed ({res.returncode}):\n{res.stderr[-6000:]}"
    return res


def test_landing_bronze_silver_through_s3a(spark, pg, s3_server, jars):
    s3 = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id=S3_ACCESS_KEY,
                      aws_secret_access_key=S3_SECRET_KEY, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    lake = {k: f"s3a://{BUCKET}/{k}" for k in ("raw", "state", "bronze", "registry", "silver", "quarantine")}

    data.create(pg, *TABLES)
    data.insert(pg, "stores", [(1, "North", "A"), (2, "South", "B")])
    data.insert(pg, "clients", [(1, "Ann", "ann@x.io", "2025-01-01", "2025-01-02 10:00:00", False),
                                (2, "Bob", "no-at-sign", "2025-01-01", "2025-01-02 11:00:00", False)])
    data.insert(pg, "orders", [(1, 1, "2025-01-03", "10.00", "new"), (2, 2, "2025-01-03", "-4.00", "new")])
    data.insert(pg, "order_status_history", [(1, "new", "2025-01-03 10:00:00"), (1, "paid", "2025-01-03 11:00:00")])

    def with_s3(spec):
        spec["lake"]["s3"] = {"accessKeyEnv": S3_ACCESS_ENV, "secretKeyEnv": S3_SECRET_ENV}

    # spark-submit as the operator runs the SparkApplication: its sparkConf as generated (s3a
    # endpoint -> moto; SimpleAWSCredentialsProvider, endpoint region), its driver memory, the
    # S3 keys in the env variables the generated spec's lake.s3 names (the driver env feeds them
    # from secrets). Added as the image provides them: the jars, a UTC container.
    app = generated.sparkapplication(S3A_APP)
    conf = dict(generated.spark_conf(S3A_APP, s3_server), **{
        "spark.jars": jars, "spark.driver.memory": app["spec"]["driver"]["memory"]})
    s3_env = generated.spec_argument(app)["lake"]["s3"]
    assert {s3_env["accessKeyEnv"], s3_env["secretKeyEnv"]} <= {e["name"] for e in app["spec"]["driver"]["env"]}
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, TZ="UTC",
               **{s3_env["accessKeyEnv"]: S3_ACCESS_KEY, s3_env["secretKeyEnv"]: S3_SECRET_KEY})

    def with_generated_s3(spec):
        spec["lake"]["s3"] = dict(s3_env)

    landing = specs.make("shop.landing.json", lake, pg, tables=TABLES, edit=with_generated_s3)
    spark_submit(landing, "2025-01-03", "landing-run-1", conf, env)
    for job in ("bronze", "silver"):
        jobs.run(spark, specs.make(f"shop.{job}.json", lake, tables=TABLES, edit=with_s3), "2025-01-03", f"{job}-run-1")

    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="raw/stores/")["Contents"]}
    batch = "raw/stores/mode=snapshot/snapshot_date=2025-01-03/run_id=landing-run-1/"
    assert {batch + "_manifest.json", batch + "_SUCCESS"} <= keys
    assert any(k.startswith(batch + "part-") and k.endswith(".parquet") for k in keys)
    assert s3.get_object(Bucket=BUCKET, Key="state/_state_clients.json")["ContentLength"] > 0

    assert jobs.rows(spark, lake["silver"] + "/dim_stores", ["store_id", "name"]) == [(1, "North"), (2, "South")]
    assert jobs.rows(spark, lake["silver"] + "/dim_clients", ["client_id", "email", "is_current"]) == [(1, "ann@x.io", True)]
    assert jobs.rows(spark, lake["silver"] + "/fct_orders", ["order_id", "total_amount"]) == [(1, 10)]
    assert jobs.rows(spark, lake["quarantine"] + "/fct_orders", ["order_id", "_failed_rules"]) == [
        (2, ["amount_non_negative"])]
    assert jobs.rows(spark, lake["silver"] + "/fct_order_status", ["status", "is_current"]) == [
        ("new", False), ("paid", True)]
    assert jobs.delta(spark, lake["registry"]).filter("status = 'applied'").count() == 4
