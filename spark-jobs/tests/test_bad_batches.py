"""A bad landing batch fails bronze with a clear message and leaves its table unchanged; the
other tables of the group are applied (one bad table never stops the others)."""
import glob
import json
import os
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lakehouse_jobs.errors import BadBatchError
from support import data, jobs, specs

TABLES = ["stores", "clients", "orders"]


def local(uri):
    return uri[len("file://"):]


def drop_crc(path, name):
    """Local Hadoop file systems keep a .<name>.crc sidecar; S3 has none. Tampering on S3 would
    not trip it, so the tests remove it to reach the jobs' own checks."""
    crc = os.path.join(path, f".{name}.crc")
    if os.path.exists(crc):
        os.remove(crc)


def write_text(path, name, text):
    drop_crc(path, name)
    with open(os.path.join(path, name), "w") as f:
        f.write(text)


def rewrite_manifest(path, change):
    drop_crc(path, "_manifest.json")
    mpath = os.path.join(path, "_manifest.json")
    with open(mpath) as f:
        m = json.load(f)
    change(m)
    with open(mpath, "w") as f:
        json.dump(m, f)


def swap_parquet_for_other_schema(path):
    """Replace the data file by one with another schema, manifest size/checksum made to match,
    so that only the schema check can catch it."""
    part = glob.glob(os.path.join(path, "*.parquet"))[0]
    pq.write_table(pa.table({"id": pa.array([1], pa.int64()), "surprise": pa.array(["x"])}), part)
    import hashlib

    body = open(part, "rb").read()
    for crc in glob.glob(os.path.join(path, ".*.crc")):
        os.remove(crc)

    def fix(m):
        m["files"] = [{"name": os.path.basename(part), "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}]
    rewrite_manifest(path, fix)


CORRUPTIONS = [
    ("manifest is not JSON", lambda p: write_text(p, "_manifest.json", "{not json"),
     "_manifest.json is not valid JSON"),
    ("manifest lacks a field", lambda p: rewrite_manifest(p, lambda m: m.pop("row_count")), "lacks 'row_count'"),
    ("manifest schema hash differs", lambda p: rewrite_manifest(p, lambda m: m.update(schema_hash="0" * 64)),
     "schema hash mismatch"),
    ("data file has another schema", swap_parquet_for_other_schema, "schema hash mismatch"),
    ("_SUCCESS missing", lambda p: os.remove(os.path.join(p, "_SUCCESS")), "_manifest.json but no _SUCCESS"),
    ("checksum differs", lambda p: rewrite_manifest(p, lambda m: m["files"][0].update(sha256="f" * 64)),
     "checksum differs from the manifest"),
    ("row count differs", lambda p: rewrite_manifest(p, lambda m: m.update(row_count=m["row_count"] + 1)),
     "rows in the files, the manifest says"),
    ("unlisted data file", lambda p: shutil.copy(glob.glob(os.path.join(p, "*.parquet"))[0],
                                                 os.path.join(p, "part-99999-extra.parquet")),
     "is not listed in the manifest"),
    ("listed file missing", lambda p: [os.remove(f) for f in glob.glob(os.path.join(p, "*.parquet"))],
     "which is missing"),
]


def test_bad_batches_fail_bronze_and_change_nothing(spark, pg, lake, tmp_path):
    data.create(pg, *TABLES)
    data.insert(pg, "stores", [(1, "North", "A")])
    data.insert(pg, "clients", [(1, "Ann", "ann@x.io", "2025-01-01", "2025-01-02 10:00:00", False)])
    data.insert(pg, "orders", [(1, 1, "2025-01-03", "10.00", "new")])
    land = specs.make("shop.landing.json", lake, pg, tables=TABLES)
    bronze = specs.make("shop.bronze.json", lake, tables=TABLES)
    jobs.run(spark, land, "2025-01-03", "run-1")
    jobs.run(spark, bronze, "2025-01-03", "b-1")

    pg.sql("UPDATE clients SET email = 'ann@new.io', updated_at = '2025-01-04 09:00:00'")
    data.insert(pg, "stores", [(2, "South", "B")])
    data.insert(pg, "orders", [(2, 1, "2025-01-04", "3.00", "new")])
    jobs.run(spark, land, "2025-01-04", "run-2")
    before = jobs.versions(spark, lake, TABLES)
    content = {t: jobs.delta(spark, f"{lake['bronze']}/{t}").count() for t in TABLES}

    victim = os.path.join(local(lake["raw"]), "clients", "mode=incremental", "extract_date=2025-01-04", "run_id=run-2")
    pristine = tmp_path / "pristine"
    shutil.copytree(victim, pristine)
    others = None
    for label, corrupt, expected in CORRUPTIONS:
        corrupt(victim)
        with pytest.raises(BadBatchError) as e:
            jobs.run(spark, bronze, "2025-01-04", f"b-bad-{label}")
        msg = str(e.value)
        assert expected in msg and victim in msg and "1 of 3 table(s) not written" in msg, (label, msg)
        after = jobs.versions(spark, lake, TABLES)
        assert after["bronze/clients"] == before["bronze/clients"], label  # the bad table: untouched
        # stores and orders were applied by the first bad run, and only once
        assert after["bronze/stores"] == before["bronze/stores"] + 1 and after["bronze/orders"] == before["bronze/orders"] + 1
        others = others or {t: jobs.delta(spark, f"{lake['bronze']}/{t}").count() for t in ("stores", "orders")}
        shutil.rmtree(victim)
        shutil.copytree(pristine, victim)

    assert jobs.delta(spark, f"{lake['bronze']}/clients").count() == content["clients"]
    assert others == {"stores": 3, "orders": 2}  # stores: snapshots of 01-03 (1 row) and 01-04 (2)
    jobs.run(spark, bronze, "2025-01-04", "b-2")  # repaired: the bad table applies too
    assert jobs.rows(spark, lake["bronze"] + "/clients", ["id", "email"]) == [(1, "ann@new.io")]
    assert jobs.delta(spark, lake["bronze"] + "/orders").count() == 2
