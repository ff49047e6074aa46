# Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"""dbt-duckdb plugin: publish `external` models into a PostgreSQL serving database.

Why a plugin of our own: DuckDB's `postgres` extension is a download (unavailable offline), and
the built-in `sqlalchemy` plugin writes through pandas `to_sql(if_exists="replace")`, which maps
DECIMAL to TEXT, drops the table (failing on, or losing, dependent views and grants), ignores
the schema and publishes the placeholder NULL row that `external` writes for an empty model.

What it does, for the Parquet file an `external` model has just written:
  * maps the Arrow types to PostgreSQL types (DECIMAL(p,s) -> numeric(p,s), DATE -> date, ...);
  * in ONE transaction: creates the schema and table if missing (recreates the table only if its
    columns changed), DELETEs the old rows and COPYs the new ones. Readers see the old rows
    until the commit, never a half-written table; DELETE (not TRUNCATE) does not block them.
Rerunning publishes the same rows again: idempotent.

profiles.yml: `plugins: [{module: serving_postgres, alias: serving, config: {host, port, user,
password, dbname, sslmode}}]`, with `module_paths` pointing at this folder. A model selects it
with `materialized: external, plugin: serving` and names its table in `meta: {serving_schema,
serving_table}`.
"""
from __future__ import annotations

import io
from typing import Any, Dict

import psycopg2
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from psycopg2 import errors as pg_errors, sql

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.duckdb.utils import TargetConfig

CONNECT_KEYS = ("host", "port", "user", "password", "dbname", "sslmode", "connect_timeout")
BATCH_ROWS = 100_000


def pg_type(field: pa.Field) -> str:
    """PostgreSQL type for an Arrow column, spelled as format_type() prints it."""
    t = field.type
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_int8(t) or pa.types.is_int16(t) or pa.types.is_uint8(t):
        return "smallint"
    if pa.types.is_int32(t) or pa.types.is_uint16(t):
        return "integer"
    if pa.types.is_int64(t) or pa.types.is_uint32(t):
        return "bigint"
    if pa.types.is_uint64(t):
        return "numeric(20,0)"
    if pa.types.is_float16(t) or pa.types.is_float32(t):
        return "real"
    if pa.types.is_float64(t):
        return "double precision"
    if pa.types.is_decimal(t):
        return f"numeric({t.precision},{t.scale})"
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "text"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "timestamp with time zone" if t.tz else "timestamp without time zone"
    if pa.types.is_time(t):
        return "time without time zone"
    raise TypeError(f"column {field.name!r}: Arrow type {t} has no PostgreSQL mapping in serving_postgres")


def is_placeholder(table: pa.Table) -> bool:
    """`external` writes one all-NULL row for an empty model (so the file has a schema)."""
    return table.num_rows == 1 and all(col.null_count == 1 for col in table.columns)


class Plugin(BasePlugin):
    def initialize(self, plugin_config: Dict[str, Any]):
        # dbt-duckdb merges the profile's DuckDB `settings` into every plugin's config: skip those.
        settings = set((self.creds.settings or {}) if self.creds else {})
        unknown = sorted(set(plugin_config) - set(CONNECT_KEYS) - settings)
        if unknown:
            raise ValueError(f"serving_postgres: unknown config keys {unknown}; allowed: {list(CONNECT_KEYS)}")
        missing = [k for k in ("host", "user", "password", "dbname") if not plugin_config.get(k)]
        if missing:
            raise ValueError(f"serving_postgres: missing config {missing} (set them in profiles.yml via env_var)")
        self._connect = {k: str(v) for k, v in plugin_config.items() if k in CONNECT_KEYS and v not in (None, "")}

    def store(self, target_config: TargetConfig):
        meta = target_config.config.get("meta") or {}
        schema, table = meta.get("serving_schema"), meta.get("serving_table")
        model = target_config.relation.identifier
        if not schema or not table:
            raise ValueError(f"serving_postgres: model {model} needs meta.serving_schema and meta.serving_table")
        location = target_config.location
        if location is None or location.format != "parquet":
            raise ValueError(f"serving_postgres: model {model} must be written as parquet (got {location})")

        parquet = pq.ParquetFile(location.path)
        columns = [(f.name, pg_type(f)) for f in parquet.schema_arrow]
        first = parquet.read_row_group(0) if parquet.num_row_groups else None
        empty = parquet.metadata.num_rows == 0 or (parquet.metadata.num_rows == 1 and first is not None and is_placeholder(first))

        conn = psycopg2.connect(**self._connect)
        try:
            self._ensure_schema(conn, schema)
            with conn:  # one transaction: commit on success, roll back on any error
                with conn.cursor() as cur:
                    # Two runs publishing the same table queue up here instead of interleaving.
                    cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"serving_postgres:{schema}.{table}",))
                    self._ensure_table(cur, schema, table, columns)
                    cur.execute(sql.SQL("DELETE FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
                    if not empty:
                        self._copy(cur, parquet, schema, table, [c for c, _ in columns])
        finally:
            conn.close()

    @staticmethod
    def _ensure_schema(conn, schema: str) -> None:
        # Its own short transaction: concurrent `CREATE SCHEMA IF NOT EXISTS` (two publish models
        # on two threads) can still collide on the catalog's unique index; the loser just goes on.
        try:
            with conn, conn.cursor() as cur:
                cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        except pg_errors.UniqueViolation:
            pass

    @staticmethod
    def _ensure_table(cur, schema: str, table: str, columns: list[tuple[str, str]]) -> None:
        cur.execute(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """,
            (schema, table),
        )
        existing = [(name, typ) for name, typ in cur.fetchall()]
        if existing == columns:
            return  # keep the table: its grants, indexes and dependent views survive
        target = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        if existing:
            # The mart's columns changed (its contract did): recreate. Fails, and rolls back,
            # if views depend on the old table: a person must migrate those.
            cur.execute(sql.SQL("DROP TABLE {}").format(target))
        cols = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(t)) for n, t in columns)
        cur.execute(sql.SQL("CREATE TABLE {} ({})").format(target, cols))

    @staticmethod
    def _copy(cur, parquet: pq.ParquetFile, schema: str, table: str, names: list[str]) -> None:
        copy = sql.SQL("COPY {}.{} ({}) FROM STDIN WITH (FORMAT csv)").format(
            sql.Identifier(schema), sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        # CSV: NULL is an unquoted empty field; every non-NULL value is quoted, so '' stays ''.
        options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            buf = io.BytesIO()
            pacsv.write_csv(batch, buf, options)
            buf.seek(0)
            cur.copy_expert(copy.as_string(cur), buf)
