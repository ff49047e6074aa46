"""Command line of every job:

  main.py (--spec PATH | --spec-json JSON) --run-date YYYY-MM-DD --run-id ID [--tables a,b]

The spec's `job` field picks landing, bronze or silver. Exit code 0 on success, 1 when the
job refused its input (the message says why), and a traceback for anything unexpected.
"""
import argparse
import datetime as dt
import sys

from . import log, session, spec as specs
from .errors import JobError, SpecError


def parse_args(argv):
    p = argparse.ArgumentParser(prog="main.py", description="Run a lakehouse Spark job described by a job spec.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--spec", help="path of the job spec JSON file")
    src.add_argument("--spec-json", help="the job spec itself, as a JSON string")
    p.add_argument("--run-date", required=True, help="logical date of the run, YYYY-MM-DD")
    p.add_argument("--run-id", required=True, help="unique id of this run (Airflow run id + try number)")
    p.add_argument("--tables", help="comma-separated subset of the spec's tables (default: all)")
    args = p.parse_args(argv)
    try:
        args.run_date = dt.date.fromisoformat(args.run_date)
        if len(str(args.run_date)) != 10:
            raise ValueError
    except ValueError:
        raise SpecError(f"--run-date must be YYYY-MM-DD, got {args.run_date!r}") from None
    args.tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    return args


def run(argv, spark=None):
    """Parse, load the spec, run the job. Raises JobError on refused input."""
    args = parse_args(argv)
    spec = specs.load(path=args.spec, text=args.spec_json)
    job = spec["job"]
    tables = specs.select_tables(spec, args.tables, need_silver=job == "silver")  # fail fast, before Spark
    if spark is None:
        spark = session.get_or_create(f"{spec['app']}-{job}")
    session.configure(spark, spec)
    log.info(f"{job} job '{spec['app']}' (pipeline {spec['pipeline']}): run date {args.run_date}, run id {args.run_id}, "
             f"tables {[t['name'] for t in tables]}")
    if job == "landing":
        from . import landing

        landing.run(spark, spec, tables, args.run_date, args.run_id)
    elif job == "bronze":
        from . import bronze

        session.require_delta(spark)
        bronze.run(spark, spec, tables, args.run_date, args.run_id)
    else:
        from .silver import job as silver

        session.require_delta(spark)
        silver.run(spark, spec, tables, args.run_date, args.run_id)
    log.info(f"{job} job '{spec['app']}' finished")


def main(argv=None):
    try:
        run(sys.argv[1:] if argv is None else argv)
    except JobError as e:
        log.info(f"ERROR: {e}")
        return 1
    return 0
