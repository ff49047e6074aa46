"""Does a bronze write change anything? Asked before writing, so that a write that would
change nothing does not commit.

A retried landing (Airflow: a new try number, hence a new run id) lands the same rows again;
without these checks every bronze table would get a new Delta version with every file of the
affected dates rewritten and 0 rows changed, and everything reading the versions (time
travel, silver's incremental reads, CDC consumers) would see a change that is none.
"""
from pyspark import StorageLevel
from pyspark.sql import functions as F

from . import lineage

PRESENT = "__bronze_target_present"


def replace_changes_nothing(spark, uri, source, where, date_expr):
    """True when the rows of the dates `where` selects already are, as a multiset of
    (date, _row_hash), exactly the rows `source` would replace them with."""
    def fingerprint(df):
        return df.select(F.expr(date_expr).alias("__date"), F.col(lineage.ROW_HASH))

    new, old = fingerprint(source), fingerprint(spark.read.format("delta").load(uri).where(where))
    return new.exceptAll(old).isEmpty() and old.exceptAll(new).isEmpty()


def effective_merge_rows(spark, uri, source, condition, *, delete_when, update_when, insert_when):
    """The source rows a MERGE with these clauses would act on (persisted; unpersist after
    use): unmatched rows it inserts, matched rows it deletes or updates. Merging only them
    gives the same table and rewrites only the files holding affected rows."""
    target = spark.read.format("delta").load(uri).withColumn(PRESENT, F.lit(True))
    joined = source.alias("s").join(target.alias("t"), F.expr(condition), "left")
    matched = F.col(f"t.{PRESENT}").isNotNull()
    acts = (~matched & F.expr(insert_when)) | (matched & (F.expr(delete_when) | F.expr(update_when)))
    return joined.filter(acts).select("s.*").persist(StorageLevel.MEMORY_AND_DISK)
