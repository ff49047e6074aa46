"""Delta helpers shared by bronze and silver: existence, versions, schema-evolving writes.

Every write here is ONE Delta commit, so a failure leaves the table at its previous version.
"""
from delta.tables import DeltaTable

from . import log, schemas


def table_exists(spark, uri):
    return DeltaTable.isDeltaTable(spark, uri)


def version(spark, uri):
    """Latest version of a Delta table, or None when it does not exist."""
    if not table_exists(spark, uri):
        return None
    return DeltaTable.forPath(spark, uri).history(1).collect()[0]["version"]


def schema(spark, uri):
    return spark.read.format("delta").load(uri).schema


def partition_columns(spark, uri):
    detail = spark.sql(f"DESCRIBE DETAIL delta.`{uri}`").collect()[0]
    return list(detail["partitionColumns"])


def prepare(spark, uri, df, label, allow_changes=True):
    """Check incoming rows against an existing table; return (aligned df, plan or None).

    Raises SchemaEvolutionError before anything is written when the change is refused."""
    if not table_exists(spark, uri):
        return df, None
    target = schema(spark, uri)
    evo = schemas.plan(target, df.schema, label, allow_changes)
    return schemas.align(df, target, evo), evo


def enable_widening(spark, uri, evo):
    """Widening an existing column needs Delta's type-widening feature (a metadata-only commit)."""
    if evo is not None and evo.widened:
        changes = ", ".join(f"{n}: {o.simpleString()} -> {w.simpleString()}" for n, o, w in evo.widened)
        log.info(f"{uri}: widening {changes} (enabling delta.enableTypeWidening)")
        spark.sql(f"ALTER TABLE delta.`{uri}` SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')")


def check_partitioning(spark, uri, wanted, label):
    from .errors import SchemaEvolutionError

    if wanted is None or not table_exists(spark, uri):
        return
    have = partition_columns(spark, uri)
    if [c.lower() for c in have] != [c.lower() for c in wanted]:
        raise SchemaEvolutionError(f"{label}: the table is partitioned by {have} but the spec says {wanted}; "
                                   f"changing the partitioning needs a table rebuild")


def write(df, uri, mode, partition_by=None, replace_where=None, evolve=False):
    w = df.write.format("delta").mode(mode)
    if partition_by:
        w = w.partitionBy(*partition_by)
    if replace_where:
        w = w.option("replaceWhere", replace_where)
    if evolve:
        w = w.option("mergeSchema", "true")
    w.save(uri)


def merge(spark, uri, source, condition, *, columns=None, update=True, update_when=None, delete_when=None,
          insert_when=None, evolve=False):
    """MERGE source into the table at uri in one commit: delete (matched and delete_when),
    update (matched and update_when; no update at all when update=False), insert (not matched
    and insert_when).

    columns: assign only these source columns (helper columns of the source stay out of the
    table, also under schema evolution); None assigns every source column."""
    builder = DeltaTable.forPath(spark, uri).alias("t").merge(source.alias("s"), condition)
    if delete_when:
        builder = builder.whenMatchedDelete(condition=delete_when)
    if columns is None:
        if update:
            builder = builder.whenMatchedUpdateAll(condition=update_when)
        builder = builder.whenNotMatchedInsertAll(condition=insert_when)
    else:
        assign = {f"`{c}`": f"s.`{c}`" for c in columns}
        if update:
            builder = builder.whenMatchedUpdate(condition=update_when, set=assign)
        builder = builder.whenNotMatchedInsert(condition=insert_when, values=assign)
    if evolve:
        builder = builder.withSchemaEvolution()
    builder.execute()
