# Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"""Stores one dbt invocation's artifacts (manifest.json, run_results.json) under
<destination>/logical_date=<date>/invocation_id=<id>/, used by run_dbt.py.

Destinations: s3://bucket[/prefix] (also s3a://) through boto3, or file:///dir.
S3 settings come from the environment the generated DAG gives the pod: AWS_ENDPOINT_URL (when
set, e.g. MinIO, path-style addressing is used), AWS_REGION (default us-east-1),
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.

Never half-written: both files are read before anything is written; on S3 each file is one PUT
(atomic per object), run_results.json last, and when a PUT fails the objects already written
are deleted again; on file:// the folder is staged under a hidden name and renamed into place.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

# Written in this order: a reader that sees run_results.json also sees manifest.json.
ARTIFACTS = ("manifest.json", "run_results.json")


class UploadError(Exception):
    """The artifacts could not be stored; the message says where and why."""


@dataclass(frozen=True)
class Destination:
    scheme: str  # "s3" or "file"
    root: str  # bucket, or the local folder
    prefix: str  # key prefix inside the bucket ("" for none); unused for file://

    def describe(self, sub: str) -> str:
        if self.scheme == "file":
            return f"file://{Path(self.root) / sub}"
        return f"s3://{self.root}/" + "/".join(p for p in (self.prefix, sub) if p)


def parse_destination(destination: str) -> Destination:
    """Raises ValueError for a location this runner cannot write (checked before the build)."""
    url = urlparse(destination)
    if url.scheme in ("s3", "s3a"):
        if not url.netloc:
            raise ValueError(f"artifacts location {destination!r} names no bucket (use s3://bucket/prefix)")
        return Destination("s3", url.netloc, url.path.strip("/"))
    if url.scheme == "file" and url.path:
        return Destination("file", url.path, "")
    raise ValueError(f"unsupported artifacts location {destination!r} (use s3://bucket/prefix or file:///dir)")


def upload(target: Path, destination: Destination, logical_date: str, invocation_id: str) -> str | None:
    """Stores the artifacts dbt left in `target`; returns where, or None when dbt wrote none."""
    files = {name: (target / name).read_bytes() for name in ARTIFACTS if (target / name).exists()}
    if not files:
        return None
    sub = f"logical_date={logical_date}/invocation_id={invocation_id}"
    where = destination.describe(sub)
    try:
        if destination.scheme == "file":
            _write_local(Path(destination.root), sub, files)
        else:
            _put_s3(destination, sub, files)
    except UploadError:
        raise
    except Exception as err:  # boto3/botocore/OS errors alike: report them, never a traceback
        raise UploadError(f"could not write {where}: {type(err).__name__}: {err}") from err
    return f"{where} ({', '.join(files)})"


def _write_local(root: Path, sub: str, files: dict[str, bytes]) -> None:
    final = root / sub
    staging = final.with_name(f".{final.name}.partial-{os.getpid()}")
    staging.mkdir(parents=True, exist_ok=True)
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.rename(final)  # atomic; refuses an existing, non-empty folder
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def s3_client():
    """A boto3 S3 client configured from the pod's AWS_* environment."""
    import boto3  # only needed for s3:// destinations
    from botocore.config import Config

    endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    config = Config(
        # MinIO serves buckets path-style; botocore 1.44 already picks it for a custom endpoint,
        # saying so keeps it whatever the botocore version or AWS config file.
        s3={"addressing_style": "path" if endpoint else "auto"},
        retries={"mode": "standard", "max_attempts": 5},
        connect_timeout=10,
        read_timeout=60,
    )
    return boto3.client("s3", endpoint_url=endpoint, region_name=region, config=config)


def _put_s3(destination: Destination, sub: str, files: dict[str, bytes]) -> None:
    client = s3_client()
    written: list[str] = []
    for name, data in files.items():
        key = "/".join(p for p in (destination.prefix, sub, name) if p)
        try:
            client.put_object(Bucket=destination.root, Key=key, Body=data, ContentType="application/json")
        except Exception as err:
            left = _delete(client, destination.root, written)
            raise UploadError(
                f"could not write s3://{destination.root}/{key}: {type(err).__name__}: {err}; " + left
            ) from err
        written.append(key)


def _delete(client, bucket: str, keys: list[str]) -> str:
    """Removes what a failed upload already wrote; says what is left behind."""
    if not keys:
        return "nothing was written"
    try:
        for key in keys:
            client.delete_object(Bucket=bucket, Key=key)
        return "the files already written were removed again"
    except Exception as err:
        return f"could not remove the files already written ({', '.join(keys)}): {type(err).__name__}: {err}"
