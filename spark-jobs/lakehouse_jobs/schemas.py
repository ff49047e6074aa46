"""Schema fingerprints and schema evolution rules shared by bronze and silver.

Evolution rules (target = the existing Delta table, incoming = what this run writes):
- a new incoming column is added to the target (unless the silver spec says
  schemaEvolution: fail);
- a target column missing from incoming is kept and written as null;
- a type change is applied only when it widens (smallint -> int -> bigint, float -> double,
  decimal with more integer digits and scale); Delta's type-widening table feature is enabled
  on demand for that;
- narrowing (bigint -> int, double -> float, a smaller decimal, ...) and any other type change
  (string -> int, ...) are refused with a clear error before anything is written.
"""
import hashlib
import json
import re

from pyspark.sql import functions as F
from pyspark.sql import types as T

from .errors import SchemaEvolutionError, bullet_list

_INTEGRAL_RANK = {T.ByteType: 1, T.ShortType: 2, T.IntegerType: 3, T.LongType: 4}


def schema_hash(struct):
    """Order- and nullability-insensitive fingerprint of (column name, type)."""
    items = sorted((f.name.lower(), f.dataType.simpleString()) for f in struct.fields)
    return hashlib.sha256(json.dumps(items, separators=(",", ":")).encode()).hexdigest()


_SIMPLE = {
    "tinyint": T.ByteType(), "byte": T.ByteType(), "smallint": T.ShortType(), "short": T.ShortType(),
    "int": T.IntegerType(), "integer": T.IntegerType(), "bigint": T.LongType(), "long": T.LongType(),
    "float": T.FloatType(), "real": T.FloatType(), "double": T.DoubleType(), "string": T.StringType(),
    "boolean": T.BooleanType(), "date": T.DateType(), "timestamp": T.TimestampType(),
    "timestamp_ntz": T.TimestampNTZType(), "binary": T.BinaryType(),
}
_DECIMAL = re.compile(r"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")


def parse_type(type_string, where):
    """Spark type of a spec type string (the common ones without a JVM; others via Spark's parser)."""
    text = type_string.strip().lower()
    if text in _SIMPLE:
        return _SIMPLE[text]
    m = _DECIMAL.match(text)
    if m and 0 < int(m.group(1)) <= 38 and int(m.group(2)) <= int(m.group(1)):
        return T.DecimalType(int(m.group(1)), int(m.group(2)))
    try:
        return T._parse_datatype_string(type_string)
    except Exception as e:  # pyspark raises ParseException from the JVM
        raise SchemaEvolutionError(f"{where}: '{type_string}' is not a Spark SQL type ({str(e).splitlines()[0]})") from e


def _rank(t):
    return _INTEGRAL_RANK.get(type(t))


def widens(old, new):
    """True when every value of type old is representable in type new (and old != new)."""
    if old == new:
        return False
    if _rank(old) and _rank(new):
        return _rank(new) > _rank(old)
    if isinstance(old, T.FloatType) and isinstance(new, T.DoubleType):
        return True
    if isinstance(old, T.DecimalType) and isinstance(new, T.DecimalType):
        return new.scale >= old.scale and (new.precision - new.scale) >= (old.precision - old.scale)
    return False


class EvolutionPlan:
    def __init__(self, added, widened, missing):
        self.added = added        # [StructField] new columns
        self.widened = widened    # [(name, old, new)]
        self.missing = missing    # [StructField] target columns absent from incoming

    @property
    def changes_schema(self):
        return bool(self.added or self.widened)


def plan(target, incoming, table_label, allow_changes=True):
    """Compare schemas; raise SchemaEvolutionError listing every refused change."""
    by_name = {f.name.lower(): f for f in target.fields}
    seen = set()
    added, widened, problems = [], [], []
    for f in incoming.fields:
        key = f.name.lower()
        seen.add(key)
        old = by_name.get(key)
        if old is None:
            added.append(f)
        elif old.dataType.simpleString() != f.dataType.simpleString():  # nullability aside
            o, n = old.dataType.simpleString(), f.dataType.simpleString()
            if widens(old.dataType, f.dataType):
                widened.append((old.name, old.dataType, f.dataType))
            elif widens(f.dataType, old.dataType):
                problems.append(f"column '{old.name}': the table has {o}, this run produces {n} — "
                                f"type narrowing is refused (it could lose data); keep {o} or rebuild the table")
            else:
                problems.append(f"column '{old.name}': the table has {o}, this run produces {n} — "
                                f"incompatible type change is refused; cast it back to {o} or rebuild the table")
    if not allow_changes:
        problems += [f"new column '{f.name}' ({f.dataType.simpleString()}) but schemaEvolution is 'fail'" for f in added]
        problems += [f"column '{n}' would widen {o.simpleString()} -> {w.simpleString()} but schemaEvolution is 'fail'"
                     for n, o, w in widened]
    if problems:
        raise SchemaEvolutionError(f"{table_label}: schema change refused, nothing was written:\n{bullet_list(problems)}")
    missing = [f for f in target.fields if f.name.lower() not in seen]
    return EvolutionPlan(added, widened, missing)


def align(df, target, evo):
    """Shape incoming rows for the target: missing target columns become typed nulls."""
    for f in evo.missing:
        df = df.withColumn(f.name, F.lit(None).cast(f.dataType))
    return df
