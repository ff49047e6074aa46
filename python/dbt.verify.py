# Import check run once after building the dbt venv (scripts/python-env.sh dbt): the adapter,
# its delta plugin (deltalake -> Arrow), the serving plugin's drivers, and an offline Delta
# round trip through DuckDB without any DuckDB extension, and boto3 (run_dbt.py's S3 upload).
import os
import tempfile

import dbt.adapters.duckdb  # noqa: F401
import dbt.adapters.duckdb.plugins.delta  # noqa: F401
import boto3
import deltalake
import duckdb
import psycopg2
import pyarrow as pa
import pytest
from dbt.version import __version__ as dbt_version

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "t")
    deltalake.write_deltalake(path, pa.table({"id": [1, 2, 3]}))
    dataset = deltalake.DeltaTable(path).to_pyarrow_dataset()
    con = duckdb.connect()
    con.register("t", dataset)
    assert con.sql("select sum(id) from t").fetchone()[0] == 6

print(
    f"[python-env] dbt-core {dbt_version}, duckdb {duckdb.__version__}, deltalake {deltalake.__version__}, "
    f"pyarrow {pa.__version__}, boto3 {boto3.__version__}, psycopg2 {psycopg2.__version__.split()[0]}, pytest {pytest.__version__}: imports ok"
)
