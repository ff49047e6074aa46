"""The landing batch manifest (`_manifest.json`): what was extracted, how, and its fingerprint.

Landing writes it after the Parquet files and before `_SUCCESS`; bronze refuses a batch whose
manifest is unreadable, incomplete, or does not match the files next to it.
"""
import json

from pyspark.sql import functions as F
from pyspark.sql import types as T

MANIFEST_VERSION = 1

REQUIRED = {
    "manifest_version": int,
    "table": str,
    "run_id": str,
    "run_date": str,
    "ingest_ts": str,
    "batch_type": str,
    "behaviour": str,
    "partition": dict,
    "schema": list,
    "schema_hash": str,
    "row_count": int,
    "file_count": int,
    "files": list,
}

_PROFILABLE = (T.NumericType, T.StringType, T.DateType, T.TimestampType, T.TimestampNTZType, T.BooleanType)


def column_profile(df, columns, extra_max=None):
    """One aggregation over the batch: per column min, max (as strings) and null count; the
    row count; and the max of `extra_max` (a Column, e.g. the watermark) when given.
    Returns (profile, row_count, extra max or None)."""
    exprs = [F.count(F.lit(1)).alias("__rows")]
    if extra_max is not None:
        exprs.append(F.max(extra_max).cast("string").alias("__extra"))
    for f in df.schema.fields:
        if f.name not in columns:
            continue
        c = F.col(f"`{f.name}`")
        exprs.append(F.sum(F.when(c.isNull(), 1).otherwise(0)).alias(f"n|{f.name}"))
        if isinstance(f.dataType, _PROFILABLE) and not isinstance(f.dataType, T.BooleanType):
            exprs += [F.min(c).cast("string").alias(f"lo|{f.name}"), F.max(c).cast("string").alias(f"hi|{f.name}")]
    row = df.agg(*exprs).collect()[0].asDict()
    out = {}
    for name in columns:
        if f"n|{name}" in row:
            out[name] = {"null_count": int(row[f"n|{name}"] or 0), "min": row.get(f"lo|{name}"), "max": row.get(f"hi|{name}")}
    return out, int(row["__rows"]), row.get("__extra")


def dumps(manifest):
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def parse(text, where):
    """Parse and shape-check a manifest; returns (manifest, problems)."""
    try:
        m = json.loads(text)
    except json.JSONDecodeError as e:
        return None, [f"{where}: _manifest.json is not valid JSON ({e})"]
    if not isinstance(m, dict):
        return None, [f"{where}: _manifest.json is not a JSON object"]
    problems = []
    for key, typ in REQUIRED.items():
        if key not in m:
            problems.append(f"{where}: _manifest.json lacks '{key}'")
        elif not isinstance(m[key], typ) or (typ is int and isinstance(m[key], bool)):
            problems.append(f"{where}: _manifest.json '{key}' should be {typ.__name__}, got {type(m[key]).__name__}")
    if problems:
        return None, problems
    if m["manifest_version"] != MANIFEST_VERSION:
        problems.append(f"{where}: manifest_version {m['manifest_version']} is not supported (expected {MANIFEST_VERSION})")
    for i, f in enumerate(m["files"]):
        if not (isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("size"), int)
                and isinstance(f.get("sha256"), str)):
            problems.append(f"{where}: _manifest.json files[{i}] needs name, size and sha256")
    if not problems and len(m["files"]) != m["file_count"]:
        problems.append(f"{where}: file_count {m['file_count']} but {len(m['files'])} files listed")
    return (None if problems else m), problems
