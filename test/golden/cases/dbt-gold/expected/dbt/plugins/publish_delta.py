# Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
"""dbt-duckdb plugin: publish `external` models as Delta tables (the gold layer in the lake).

The `external` materialization has just written the model to a Parquet file; this plugin writes
that data to the Delta table at `meta.delta_path` with the deltalake package (delta-rs): one
atomic commit that replaces the table's contents (readers see the old version until then). The
table's history keeps earlier versions, so a bad publish can be rolled back with time travel.
S3 settings come from the standard AWS_* environment variables deltalake reads itself.

profiles.yml: `plugins: [{module: publish_delta, alias: lake}]` with `module_paths` pointing at
this folder; a model selects it with `materialized: external, plugin: lake` and names its table
in `meta: {delta_path: ...}`.
"""
from __future__ import annotations

import pyarrow.parquet as pq
from deltalake import write_deltalake

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.duckdb.utils import TargetConfig


def is_placeholder(table) -> bool:
    """`external` writes one all-NULL row for an empty model (so the file has a schema)."""
    return table.num_rows == 1 and all(col.null_count == 1 for col in table.columns)


class Plugin(BasePlugin):
    def store(self, target_config: TargetConfig):
        meta = target_config.config.get("meta") or {}
        path = meta.get("delta_path")
        model = target_config.relation.identifier
        if not path:
            raise ValueError(f"publish_delta: model {model} needs meta.delta_path")
        location = target_config.location
        if location is None or location.format != "parquet":
            raise ValueError(f"publish_delta: model {model} must be written as parquet (got {location})")
        table = pq.read_table(location.path)
        if is_placeholder(table):
            table = table.slice(0, 0)
        # Overwrite contents and schema in one commit: the mart's contract decides its columns.
        write_deltalake(path, table, mode="overwrite", schema_mode="overwrite")
