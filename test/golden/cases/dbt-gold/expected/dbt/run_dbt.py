# Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"""Runs the dbt project for one Airflow task, then uploads its artifacts.

Usage (the generated DAG passes these): python run_dbt.py --selector daily_refresh
    --logical-date 2025-09-01 [--full-refresh] [--artifacts s3://bucket/prefix | file:///dir]

The project and profiles are this file's folder. Artifacts (manifest.json, run_results.json)
go to <artifacts>/logical_date=<date>/invocation_id=<id>/ even when the build fails, so a
failed run can be inspected (see upload_artifacts.py for the S3 settings).

Exit code: the build's, as dbt's own CLI gives it (0 ok, 1 a node failed, 2 dbt failed). When the
build succeeded but the upload failed it is 3; an upload failure is always one line on stderr
starting with "run_dbt: ERROR: artifact upload failed".
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from upload_artifacts import ARTIFACTS, UploadError, parse_destination, upload

UPLOAD_FAILED = 3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--selector", required=True)
    parser.add_argument("--logical-date", required=True)
    parser.add_argument("--full-refresh", action="store_true")
    parser.add_argument("--artifacts")
    args = parser.parse_args()
    # Both end up in the artifacts' path: refuse them before an hour-long build, not after.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.logical_date):
        parser.error(f"--logical-date {args.logical_date!r} is not a YYYY-MM-DD date")
    try:
        args.destination = parse_destination(args.artifacts) if args.artifacts else None
    except ValueError as err:
        parser.error(str(err))
    return args


def invocation_id(target: Path) -> str:
    """This build's id: from run_results.json, else the one dbt kept in memory."""
    results = target / "run_results.json"
    if results.exists():
        found = json.loads(results.read_text()).get("metadata", {}).get("invocation_id")
        if found:
            return found
    from dbt_common.invocation import get_invocation_id

    return get_invocation_id()


def main() -> int:
    args = parse_args()
    from dbt.cli.main import dbtRunner  # imported late: --help works without dbt

    project = Path(__file__).resolve().parent
    # `external` (publish) models write their Parquet file here; DuckDB does not create the folder.
    if os.environ.get("DBT_EXTERNAL_ROOT"):
        Path(os.environ["DBT_EXTERNAL_ROOT"]).mkdir(parents=True, exist_ok=True)
    target = Path(os.environ.get("DBT_TARGET_PATH", project / "target"))
    for name in ARTIFACTS:  # a reused target must not hand an older run's files to the upload
        (target / name).unlink(missing_ok=True)
    argv = [
        "build", "--selector", args.selector,
        "--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(target),
        "--vars", json.dumps({"logical_date": args.logical_date}),
    ]
    if args.full_refresh:
        argv.append("--full-refresh")
    result = dbtRunner().invoke(argv)
    code = 0 if result.success else (2 if result.exception is not None else 1)
    if args.destination is None:
        return code
    try:
        where = upload(target, args.destination, args.logical_date, invocation_id(target))
    except UploadError as err:
        print(f"run_dbt: ERROR: artifact upload failed: {err}", file=sys.stderr)
        return code or UPLOAD_FAILED
    if where is None:
        print("run_dbt: dbt wrote no artifacts; nothing uploaded", file=sys.stderr)
    else:
        print(f"run_dbt: uploaded artifacts to {where}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
