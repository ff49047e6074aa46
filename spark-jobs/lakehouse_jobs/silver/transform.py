"""Silver row pipeline, all driven by the table's `silver` block:

  bronze rows -> renames -> casts -> dedupe -> filters -> (valid rows, quarantined rows)

- Names in dedupe, casts, filters and write are the names AFTER renames (a pre-rename source
  name is accepted too and mapped).
- Casts use try_cast: a value that does not convert fails the rule `cast:<column>` and the row
  goes to quarantine with its original (pre-cast) values.
- A filter is a Spark SQL predicate a valid row satisfies; false or NULL fails it. onFail:
  quarantine (row kept in the quarantine table with every failed rule name), drop (row
  discarded, counted in the log), fail (the job stops before writing anything).
- Rows matching write.deleteWhen are delete markers: they skip the filters (filters judge live
  data) and go to the writer.
"""
from pyspark.sql import Window
from pyspark.sql import functions as F
from pyspark.sql.utils import AnalysisException

from .. import lineage
from ..errors import QualityError, SpecError
from ..schemas import parse_type

SOURCE_TS = "_silver_source_ts"     # bronze _bronze_last_apply_ts of the row: the incremental cursor
INGEST_TS = lineage.INGEST_TS       # kept while transforming so orderBy may use it; not written
IS_DELETE = "__is_delete"
FAILED = "_failed_rules"
RAW = "__raw"
INTERNAL = (SOURCE_TS, INGEST_TS)


def q(name):
    return F.col(f"`{name}`")


class Names:
    """Resolves spec column names (post-rename, or pre-rename mapped through renames)."""

    def __init__(self, renames, columns, where):
        self.renames, self.columns, self.where = renames, list(columns), where

    def __call__(self, name, what):
        if name in self.columns:
            return name
        if name in self.renames and self.renames[name] in self.columns:
            return self.renames[name]
        raise SpecError(f"{self.where}: {what} '{name}' is not a column; available after renames: "
                        f"{[c for c in self.columns if c not in INTERNAL or c == INGEST_TS]}")


def business_columns(columns):
    return [c for c in columns if c not in INTERNAL and c not in (IS_DELETE, FAILED, RAW)]


def apply(df, silver, where):
    """Returns (rows: DataFrame with FAILED (array) and IS_DELETE columns, names: Names)."""
    renames = silver.get("renames") or {}
    missing = [old for old in renames if old not in df.columns]
    if missing:
        raise SpecError(f"{where}: renames name column(s) {missing} that the bronze table does not have "
                        f"(it has {business_columns(df.columns)})")
    df = df.withColumnsRenamed(renames) if renames else df
    dupes = sorted({c for c in df.columns if df.columns.count(c) > 1})
    if dupes:
        raise SpecError(f"{where}: renames produce duplicate column name(s) {dupes}")
    names = Names(renames, df.columns, where)

    raw = F.struct(*[q(c) for c in business_columns(df.columns)])
    cast_failures = []
    casts = {names(c, "cast column"): t for c, t in (silver.get("casts") or {}).items()}
    cols = []
    for c in df.columns:
        if c in casts:
            dtype = parse_type(casts[c], f"{where}: cast of '{c}'")
            cols.append(F.expr(f"try_cast(`{c}` AS {dtype.simpleString()})").alias(c))
            cast_failures.append(F.when(q(c).isNotNull() & F.expr(f"try_cast(`{c}` AS {dtype.simpleString()})").isNull(),
                                        F.lit(f"cast:{c}")))
        else:
            cols.append(q(c))
    df = df.select(*cols, raw.alias(RAW), F.array(*cast_failures or [F.lit(None).cast("string")]).alias("__cast_failed"))

    dedupe = silver.get("dedupe")
    if dedupe:
        keys = [names(k, "dedupe key") for k in dedupe["keys"]]
        order = names(dedupe["orderBy"], "dedupe orderBy")
        w = Window.partitionBy(*[q(k) for k in keys]).orderBy(q(order).desc_nulls_last(), q(SOURCE_TS).desc(),
                                                             q(INGEST_TS).desc(), F.sha2(F.to_json(q(RAW)), 256).desc())
        df = df.withColumn("__rn", F.row_number().over(w)).filter("__rn = 1").drop("__rn")

    write = silver["write"]
    delete_when = write.get("deleteWhen")
    is_delete = F.coalesce(_expr(df, delete_when, f"{where}: write.deleteWhen"), F.lit(False)) if delete_when else F.lit(False)
    df = df.withColumn(IS_DELETE, is_delete)

    checks = []
    for flt in silver.get("filters") or []:
        ok = _expr(df, flt["sql"], f"{where}: filter '{flt['name']}'")
        checks.append(F.when(~q(IS_DELETE) & ~F.coalesce(ok, F.lit(False)), F.lit(flt["name"])))
    for extra_name, extra_sql in implicit_rules(silver, names):
        checks.append(F.when(~q(IS_DELETE) & ~F.expr(extra_sql), F.lit(extra_name)))
    failed = F.array_compact(F.concat(F.col("__cast_failed"), F.array(*checks or [F.lit(None).cast("string")])))
    df = df.withColumn(FAILED, F.array_sort(failed)).drop("__cast_failed")
    return df, names



def implicit_rules(silver, names):
    """scd2 needs a non-null valid_from: rows without one are quarantined, not guessed."""
    w = silver["write"]
    if w["mode"] == "scd2" and w.get("orderBy"):
        col = names(w["orderBy"], "write.orderBy")
        return [(f"not_null:{col}", f"`{col}` IS NOT NULL")]
    return []


def _expr(df, sql, where):
    try:
        col = F.expr(sql)
        df.select(col)  # analysis is eager: a bad expression or unknown column fails here
        return col
    except AnalysisException as e:
        raise SpecError(f"{where}: cannot evaluate `{sql}`: {str(e).splitlines()[0]}") from e
    except Exception as e:  # ParseException and friends
        raise SpecError(f"{where}: `{sql}` is not a valid Spark SQL expression: {str(e).splitlines()[0]}") from e


def split(df, silver, where):
    """(valid rows, quarantine rows) after enforcing onFail=fail (raises before any write)."""
    rules = {f["name"]: f["onFail"] for f in silver.get("filters") or []}
    fail_rules = [n for n, how in rules.items() if how == "fail"]
    if fail_rules:
        bad = df.filter(F.arrays_overlap(q(FAILED), F.array(*[F.lit(n) for n in fail_rules])))
        n = bad.count()
        if n:
            sample = [r[FAILED] for r in bad.select(FAILED).limit(5).collect()]
            raise QualityError(f"{where}: {n} row(s) failed filter(s) with onFail 'fail' {fail_rules} "
                               f"(failed rules of the first rows: {sample}); nothing was written")
    # Quarantine: any failed rule other than a 'drop' rule (quarantine filters, casts, implicit
    # rules). Rows that failed only 'drop' rules are discarded.
    drop_rules = [n for n, how in rules.items() if how == "drop"]
    if drop_rules:
        to_quarantine = F.exists(q(FAILED), lambda r: ~r.isin(*drop_rules))
    else:
        to_quarantine = F.size(q(FAILED)) > 0
    valid = df.filter(F.size(q(FAILED)) == 0).drop(FAILED, RAW)
    quarantined = df.filter(to_quarantine).select(f"{RAW}.*", FAILED, SOURCE_TS)
    return valid, quarantined
