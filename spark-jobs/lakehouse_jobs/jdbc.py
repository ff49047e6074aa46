"""Reading a PostgreSQL table (or a window of it) over JDBC."""
import os

from .errors import JobError


def quote_ident(name):
    """PostgreSQL identifier quoting: names from the spec never reach SQL unquoted."""
    return '"' + name.replace('"', '""') + '"'


def url(jdbc):
    return f"jdbc:postgresql://{jdbc['host']}:{int(jdbc['port'])}/{jdbc['database']}"


def credentials(jdbc):
    missing = [jdbc[k] for k in ("userEnv", "passwordEnv") if not os.environ.get(jdbc[k])]
    if missing:
        raise JobError(f"environment variable(s) {missing} are not set: the SparkApplication must pass the "
                       f"database user and password from their secrets (spec source.jdbc.userEnv/passwordEnv)")
    return os.environ[jdbc["userEnv"]], os.environ[jdbc["passwordEnv"]]


def query(schema, table, predicate):
    sql = f"SELECT * FROM {quote_ident(schema)}.{quote_ident(table)}"
    return sql if not predicate else f"{sql} WHERE {predicate}"


def read(spark, source, sql):
    jdbc = source["jdbc"]
    user, password = credentials(jdbc)
    return (
        spark.read.format("jdbc")
        .option("url", url(jdbc))
        .option("driver", "org.postgresql.Driver")
        .option("query", sql)
        .option("user", user)
        .option("password", password)
        .option("fetchsize", int(jdbc["fetchSize"]))
        .load()
    )
