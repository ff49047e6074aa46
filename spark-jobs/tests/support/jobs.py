"""Running jobs in-process through the real CLI, and reading what they wrote."""
import json

from lakehouse_jobs import cli


def run(spark, spec, run_date, run_id, tables=None, tmp=None):
    """Run the job of `spec` through the command line parser (spec passed as --spec-json)."""
    argv = ["--spec-json", json.dumps(spec), "--run-date", run_date, "--run-id", run_id]
    if tables:
        argv += ["--tables", ",".join(tables)]
    cli.run(argv, spark=spark)


def delta(spark, uri):
    return spark.read.format("delta").load(uri)


def rows(spark, uri, columns, order=None):
    df = delta(spark, uri).select(*columns)
    return [tuple(r) for r in df.orderBy(*(order or columns)).collect()]


def version(spark, uri):
    from lakehouse_jobs.delta_io import version as v

    return v(spark, uri)


def versions(spark, lake, names):
    """Delta versions of every bronze/silver/quarantine/registry table that exists."""
    out = {"registry": version(spark, lake["registry"])}
    for n in names:
        for layer in ("bronze", "silver", "quarantine"):
            out[f"{layer}/{n}"] = version(spark, f"{lake[layer]}/{n}")
    return out


def partition_columns(spark, uri):
    from lakehouse_jobs.delta_io import partition_columns as pc

    return pc(spark, uri)


def d(text):
    import datetime as dt

    return dt.date.fromisoformat(text)


def ts(text):
    """A naive datetime as pyspark returns TimestampType values (tests run in UTC)."""
    import datetime as dt

    return dt.datetime.fromisoformat(text)
