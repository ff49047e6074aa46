"""Benchmark (not a test): the bronze job deduplicating and MERGEing a 1M-row landing batch.

  "$SPARK_PYTHON" spark-jobs/bench/dedup_merge.py [--rows 1000000] [--driver-memory 2g]

Runs the real job code in local[2]: two landing batches are written with the landing job's
batch writer (Parquet + _manifest.json with checksums + _SUCCESS), the first is applied by the
bronze job (initial load, 1M rows), then the second - 1M rows over 600k keys (duplicates; half
of the keys already in the table, the rest new) - is applied by the bronze job again, which
validates the batch (checksums, schema hash, row count), deduplicates it by key and MERGEs
it. The second bronze run is the measured job. Peak memory is the largest sum of the resident
set sizes of this Python process and the Spark JVM (plus any Python workers), sampled every
100 ms.
Jars: $LAKEC_SPARK_JARS_DIR, else scripts/spark-jars.sh (cached).
"""
import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import psutil

HERE = os.path.dirname(os.path.abspath(__file__))
JOBS = os.path.dirname(HERE)
sys.path.insert(0, JOBS)

from lakehouse_jobs import bronze, landing, lineage, windows  # noqa: E402
from lakehouse_jobs.storage import Storage  # noqa: E402

TABLE = {
    "name": "bench_accounts",
    "columns": [
        {"name": "id", "type": "bigint", "nullable": False},
        {"name": "version", "type": "int", "nullable": True},
        {"name": "amount", "type": "decimal(12,2)", "nullable": True},
        {"name": "status", "type": "string", "nullable": True},
        {"name": "updated_at", "type": "timestamp", "nullable": True},
        {"name": "note", "type": "string", "nullable": True},
    ],
    "keys": ["id"],
    "behaviour": {"kind": "mutableDimension", "watermark": "updated_at", "granularity": "day"},
}


class PeakRss:
    """Samples RSS of this process + its children (the Spark JVM) in a thread."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()
        self._me = psutil.Process()

    def _sample(self):
        total, parts = 0, {}
        for p in {p.pid: p for p in [self._me] + self._me.children(recursive=True)}.values():
            try:
                rss, name = p.memory_info().rss, p.name()
                # Only the JVM and Python processes: Hadoop's local file system forks short-lived
                # shell commands from the JVM whose copy-on-write pages would be counted twice.
                if not _is_process(p.pid) or not (name == "java" or name.startswith("python")):
                    continue
            except psutil.Error:
                continue
            total += rss
            parts[f"{p.pid}:{name}"] = rss
        if total > self.peak:
            self.peak, self.parts = total, parts

    def __enter__(self):
        self.peak = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            time.sleep(0.1)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()


def _is_process(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return any(line.split() == ["Tgid:", str(pid)] for line in f)
    except OSError:
        return False


def jar_list():
    jar_dir = os.environ.get("LAKEC_SPARK_JARS_DIR") or subprocess.run(
        ["bash", os.path.join(os.path.dirname(JOBS), "scripts", "spark-jars.sh")],
        check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return open(os.path.join(jar_dir, "jars.txt")).read().strip()


def session(driver_memory):
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master("local[2]").appName("bench-dedup-merge")
            .config("spark.jars", jar_list())
            .config("spark.driver.memory", driver_memory)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8").config("spark.sql.adaptive.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
            .getOrCreate())


def land(spark, spec, run_date, run_id, rows, key_space, key_offset, salt):
    """A landing batch written by the landing job's own writer (no JDBC: rows are generated)."""
    from pyspark.sql import functions as F

    df = spark.range(rows).select(
        ((F.col("id") * 7919) % key_space + key_offset).cast("bigint").alias("id"),
        (F.col("id") % 5).cast("int").alias("version"),
        ((F.col("id") % 100000) / 100 + salt).cast("decimal(12,2)").alias("amount"),
        F.element_at(F.array(*[F.lit(s) for s in ("new", "active", "paused", "closed")]),
                     (F.col("id") % 4 + 1).cast("int")).alias("status"),
        F.timestamp_seconds(F.lit(int(dt.datetime.fromisoformat(run_date).replace(tzinfo=dt.timezone.utc).timestamp()))
                            + F.col("id") % 86400).alias("updated_at"),
        F.sha2(F.col("id").cast("string"), 256).alias("note"),
    )
    ingest_ts = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    df = lineage.add_landing_columns(df, run_id, ingest_ts, "bench", f"bench.{TABLE['name']}")
    business = [c["name"] for c in TABLE["columns"]]
    date = dt.date.fromisoformat(run_date)
    ctx = dict(table=TABLE, run_date=date, run_id=run_id, ingest_ts=ingest_ts, sql="-- generated", spec=spec,
               window=windows.Window("bootstrap"), business=business, event_dates=[run_date])
    landing.write_batch(spark, Storage(spark), ctx, run_date, df, rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--driver-memory", default="2g")
    ap.add_argument("--keep", action="store_true", help="keep the temporary lake")
    args = ap.parse_args()

    root = tempfile.mkdtemp(prefix="lakec-bench-")
    lake = {k: f"file://{root}/{k}" for k in ("raw", "state", "bronze", "registry", "silver", "quarantine")}
    spec = {"version": 1, "job": "bronze", "app": "bench", "pipeline": "bench", "format": "delta", "lake": lake,
            "tables": [TABLE], "source": {"system": "postgres", "name": "bench", "schema": "bench"}}
    t0 = time.time()
    spark = session(args.driver_memory)
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext._jsc.hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
    print(f"spark up in {time.time() - t0:.1f}s; driver memory {args.driver_memory}, local[2]", flush=True)
    try:
        n = args.rows
        land(spark, spec, "2025-01-01", "bench-1", n, key_space=n, key_offset=0, salt=0)
        t = time.time()
        bronze.run(spark, spec, [TABLE], dt.date(2025, 1, 1), "bronze-1")
        print(f"initial load: {n:,} rows applied in {time.time() - t:.1f}s", flush=True)

        keys = int(n * 0.6)  # 1M rows over 600k keys: duplicates; half the keys exist already
        land(spark, spec, "2025-01-02", "bench-2", n, key_space=keys, key_offset=n - keys // 2, salt=1)
        with PeakRss() as mem:
            t = time.time()
            bronze.run(spark, spec, [TABLE], dt.date(2025, 1, 2), "bronze-2")
            elapsed = time.time() - t
        total = spark.read.format("delta").load(f"{lake['bronze']}/{TABLE['name']}").count()
        print(f"dedup + MERGE job: {n:,} incoming rows over {keys:,} keys into a {n:,}-row table "
              f"-> {total:,} rows; job time {elapsed:.1f}s; peak RSS (python + JVM) {mem.peak / 2**20:,.0f} MiB",
              flush=True)
        print("peak breakdown: " + ", ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sorted(mem.parts.items())))
        assert total == n + keys // 2, total
    finally:
        spark.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
