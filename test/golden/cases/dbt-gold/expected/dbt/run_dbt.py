# Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"""Runs the dbt project for one Airflow task, then uploads its artifacts.

Usage (the generated DAG passes these): python run_dbt.py --selector daily_refresh
    --logical-date 2025-09-01 [--full-refresh] [--artifacts s3://bucket/prefix | file:///dir]

The project and profiles are this file's folder. Artifacts (manifest.json, run_results.json)
go to <artifacts>/logical_date=<date>/invocation_id=<id>/ even when the build fails, so a
failed run can be inspected; the exit code is dbt's.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

ARTIFACTS = ("manifest.json", "run_results.json")


def upload(target: Path, destination: str, logical_date: str, invocation_id: str) -> None:
    prefix = f"logical_date={logical_date}/invocation_id={invocation_id}"
    url = urlparse(destination)
    files = [target / name for name in ARTIFACTS if (target / name).exists()]
    if url.scheme == "file":
        out = Path(url.path) / prefix
        out.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copyfile(f, out / f.name)
    elif url.scheme in ("s3", "s3a"):
        import boto3  # only needed when uploading to S3

        s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
        key_prefix = "/".join(p for p in (url.path.strip("/"), prefix) if p)
        for f in files:
            s3.upload_file(str(f), url.netloc, f"{key_prefix}/{f.name}")
    else:
        raise SystemExit(f"run_dbt: unsupported artifacts location {destination!r} (use s3:// or file://)")
    print(f"run_dbt: uploaded {len(files)} artifacts to {destination.rstrip('/')}/{prefix}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--selector", required=True)
    parser.add_argument("--logical-date", required=True)
    parser.add_argument("--full-refresh", action="store_true")
    parser.add_argument("--artifacts")
    args = parser.parse_args()

    from dbt.cli.main import dbtRunner  # imported late: --help works without dbt

    project = Path(__file__).resolve().parent
    # `external` (publish) models write their Parquet file here; DuckDB does not create the folder.
    if os.environ.get("DBT_EXTERNAL_ROOT"):
        Path(os.environ["DBT_EXTERNAL_ROOT"]).mkdir(parents=True, exist_ok=True)
    target = Path(os.environ.get("DBT_TARGET_PATH", project / "target"))
    argv = [
        "build", "--selector", args.selector,
        "--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(target),
        "--vars", json.dumps({"logical_date": args.logical_date}),
    ]
    if args.full_refresh:
        argv.append("--full-refresh")
    result = dbtRunner().invoke(argv)
    if args.artifacts:
        results = json.loads((target / "run_results.json").read_text()) if (target / "run_results.json").exists() else {}
        invocation = results.get("metadata", {}).get("invocation_id", "unknown")
        upload(target, args.artifacts, args.logical_date, invocation)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
