"""End to end on s3a:// (moto S3 server on loopback) with the fs.s3a.* sparkConf a
SparkApplication carries and the S3 keys from environment variables (spec lake.s3).

Landing runs exactly as the Spark Operator runs it: `spark-submit main.py --spec <file> ...`
in a fresh JVM (spark.jars, JDBC to PostgreSQL). Bronze and silver then run in the test
session, whose sparkConf is the same, to keep the suite fast (a cold JVM costs ~25 s)."""
import json
import os
import subprocess
import sys

import boto3

from conftest import JOBS_DIR, S3_ACCESS_KEY, S3_SECRET_KEY, spark_conf
from support import data, jobs, specs
from support.specs import S3_ACCESS_ENV, S3_SECRET_ENV

TABLES = ["stores", "clients", "orders", "order_status_history"]
BUCKET = "lakec-e2e"


def spark_submit(spec_path, run_date, run_id, conf, env):
    submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    cmd = [submit, "--master", "local[2]"]
    for k, v in conf.items():
        cmd += ["--conf", f"{k}={v}"]
    cmd += [os.path.join(JOBS_DIR, "main.py"), "--spec", spec_path, "--run-date", run_date, "--run-id", run_id]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"spark-submit failed ({res.returncode}):\n{res.stderr[-6000:]}"
    return res


def test_landing_bronze_silver_through_s3a(spark, pg, s3_server, jars, tmp_path):
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

    # Two credential set-ups, both must work: the in-process session has the generated
    # SparkApplications' one (SimpleAWSCredentialsProvider, endpoint region, keys copied from the
    # env variables named in lake.s3); the spark-submit run uses the AWS SDK's
    # environment-variable provider without a region.
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable,
               AWS_ACCESS_KEY_ID=S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=S3_SECRET_KEY)
    conf = spark_conf(jars, s3_server)
    conf["spark.driver.memory"] = "1g"
    conf["spark.hadoop.fs.s3a.aws.credentials.provider"] = \
        "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider"
    del conf["spark.hadoop.fs.s3a.endpoint.region"]

    def with_aws_env(spec):
        spec["lake"]["s3"] = {"accessKeyEnv": "AWS_ACCESS_KEY_ID", "secretKeyEnv": "AWS_SECRET_ACCESS_KEY"}

    landing = specs.make("shop.landing.json", lake, pg, tables=TABLES, edit=with_aws_env)
    path = tmp_path / "landing.json"
    path.write_text(json.dumps(landing))
    spark_submit(str(path), "2025-01-03", "landing-run-1", conf, env)
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
