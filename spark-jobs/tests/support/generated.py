"""The compiler's committed output for the reference platform (generated/dags/), read as the
cluster would receive it, and pointed at the test engines by replacing ONLY what is
deployment-specific:

- job specs (generated/dags/jobspecs/*.json): source.jdbc host/port/database and the lake roots;
- SparkApplications (generated/dags/sparkapplications/*.yaml): the s3a endpoint.

Everything else (column types, keys, behaviours, env variable names, sparkConf) is used as
generated. Airflow renders the `{{ ... }}` Jinja of a SparkApplication per run; here each one
becomes the text `<jinja>` (the compiler writes every scalar double-quoted, Jinja included, so
the placeholder stays inside its quotes) and the rest of the document parses as the YAML it is.
"""
import copy
import datetime as dt
import decimal
import json
import os
import re

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GENERATED = os.path.join(REPO, "generated", "dags")
JINJA = re.compile(r"\{\{.*?\}\}")
S3A_ENDPOINT = "spark.hadoop.fs.s3a.endpoint"


def jobspec(name):
    with open(os.path.join(GENERATED, "jobspecs", f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def sparkapplication(name):
    """The SparkApplication as a dict; each Jinja expression replaced by the text '<jinja>'."""
    with open(os.path.join(GENERATED, "sparkapplications", f"{name}.yaml"), encoding="utf-8") as f:
        text = f.read()
    return yaml.safe_load(JINJA.sub("<jinja>", text))


def spark_conf(name, endpoint):
    """The SparkApplication's sparkConf, with the s3a endpoint pointed at `endpoint`."""
    conf = dict(sparkapplication(name)["spec"]["sparkConf"])
    assert S3A_ENDPOINT in conf, f"{name}: sparkConf has no {S3A_ENDPOINT}"
    conf[S3A_ENDPOINT] = endpoint
    return conf


def s3a_conf(name, endpoint):
    """Only the fs.s3a.* entries of the SparkApplication's sparkConf (endpoint replaced)."""
    return {k: v for k, v in spark_conf(name, endpoint).items() if k.startswith("spark.hadoop.fs.s3a.")}


def spec_argument(app):
    """The job spec a SparkApplication passes as `--spec-json`."""
    args = app["spec"]["arguments"]
    return json.loads(args[args.index("--spec-json") + 1])


# --- job specs ---------------------------------------------------------------------------------

def deploy(spec, pg_server, lake):
    """Point a generated spec at the test PostgreSQL and lake: source.jdbc host/port/database
    and every lake root (lake.s3, the env variable names of the S3 keys, stays as generated)."""
    out = copy.deepcopy(spec)
    if out.get("source"):
        out["source"]["jdbc"].update(host=pg_server.host, port=pg_server.port, database=pg_server.database)
    for key, value in out["lake"].items():
        if isinstance(value, str):
            assert key in lake, f"generated spec has lake root '{key}' the test does not provide"
            out["lake"][key] = lake[key]
    return out


def differences(a, b, path=""):
    """Paths (a/b/c) where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [p for k in sorted(set(a) | set(b)) for p in differences(a.get(k), b.get(k), f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [p for i, (x, y) in enumerate(zip(a, b)) for p in differences(x, y, f"{path}/{i}")]
    return [] if a == b else [path]


def table(spec, name):
    return next(t for t in spec["tables"] if t["name"] == name)


# --- the source database, derived from the spec's columns --------------------------------------

_PG_SIMPLE = {
    "tinyint": "smallint", "byte": "smallint", "smallint": "smallint", "short": "smallint",
    "int": "integer", "integer": "integer", "bigint": "bigint", "long": "bigint",
    "float": "real", "real": "real", "double": "double precision", "string": "text", "boolean": "boolean",
    "date": "date", "timestamp": "timestamp", "timestamp_ntz": "timestamp", "binary": "bytea",
}
_DECIMAL = re.compile(r"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")


def pg_type(spark_type):
    t = spark_type.strip().lower()
    if t in _PG_SIMPLE:
        return _PG_SIMPLE[t]
    m = _DECIMAL.match(t)
    if m:
        return f"numeric({m.group(1)},{m.group(2)})"
    raise AssertionError(f"no PostgreSQL type for the spec type '{spark_type}' (extend support/generated.py)")


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def ddl(spec_table, schema):
    cols = ", ".join(f"{ident(c['name'])} {pg_type(c['type'])}{'' if c['nullable'] else ' NOT NULL'}"
                     for c in spec_table["columns"])
    return f"CREATE TABLE {ident(schema)}.{ident(spec_table['name'])} ({cols})"


def behaviour_columns(spec_table):
    b = spec_table["behaviour"]
    return {b[k] for k in ("watermark", "created", "eventDate", "eventTime") if b.get(k)}


def value(spark_type, column, i, day):
    """A deterministic value of row i for a column of the given spec type; date/time values
    are anchored on `day` (a date)."""
    t = spark_type.strip().lower()
    if _PG_SIMPLE.get(t) in ("smallint", "integer", "bigint"):
        return i + 1
    if t == "string":
        return f"{column}-{i + 1}"
    if t == "boolean":
        return i % 2 == 0
    if t in ("float", "real", "double"):
        return i + 1.5
    m = _DECIMAL.match(t)
    if m:
        return (decimal.Decimal(i + 1) + decimal.Decimal("0.25")).quantize(decimal.Decimal(1).scaleb(-int(m.group(2))))
    if t == "date":
        return day
    if t in ("timestamp", "timestamp_ntz"):
        return dt.datetime.combine(day, dt.time(10 + i % 10, 30))
    raise AssertionError(f"no test value for the spec type '{spark_type}'")


def seed_rows(spec_table, n, first_day):
    """n rows: unique keys; date/time columns on consecutive days from first_day; the last row
    has NULL in every nullable column that is neither a key nor named by the behaviour."""
    keep = set(spec_table["keys"]) | behaviour_columns(spec_table)
    rows = []
    for i in range(n):
        day = first_day + dt.timedelta(days=i)
        rows.append({c["name"]: None if (i == n - 1 and c["nullable"] and c["name"] not in keep)
                     else value(c["type"], c["name"], i, day) for c in spec_table["columns"]})
    return rows


class Source:
    """The spec's source schema in the test PostgreSQL."""

    def __init__(self, pg_server, spec):
        self.server, self.schema = pg_server, spec["source"]["schema"]

    def create(self, tables):
        with self.server.connect() as c:
            c.execute(f"DROP SCHEMA IF EXISTS {ident(self.schema)} CASCADE")
            c.execute(f"CREATE SCHEMA {ident(self.schema)}")
            for t in tables:
                c.execute(ddl(t, self.schema))

    def drop(self):
        with self.server.connect() as c:
            c.execute(f"DROP SCHEMA IF EXISTS {ident(self.schema)} CASCADE")

    def insert(self, spec_table, rows):
        cols = [c["name"] for c in spec_table["columns"]]
        sql = (f"INSERT INTO {ident(self.schema)}.{ident(spec_table['name'])} ({', '.join(map(ident, cols))}) "
               f"VALUES ({', '.join(['%s'] * len(cols))})")
        with self.server.connect() as c, c.cursor() as cur:
            cur.executemany(sql, [tuple(r[k] for k in cols) for r in rows])

    def execute(self, sql, params=None):
        with self.server.connect() as c:
            c.execute(sql, params)

    def rows(self, spec_table):
        """Every row as a tuple in declared column order, sorted (NULLs first)."""
        cols = [c["name"] for c in spec_table["columns"]]
        with self.server.connect() as c:
            got = c.execute(f"SELECT {', '.join(map(ident, cols))} FROM {ident(self.schema)}."
                            f"{ident(spec_table['name'])}").fetchall()
        return sorted((tuple(r) for r in got), key=sort_key)


def sort_key(row):
    return tuple((v is not None, v if v is not None else 0) for v in row)
