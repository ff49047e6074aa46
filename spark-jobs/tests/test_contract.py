"""Fast checks without Spark: the spec contract, the CLI, extraction windows, evolution rules."""
import datetime as dt
import glob
import json
import os
import subprocess
import sys

import jsonschema
import pytest
from pyspark.sql import types as T

from lakehouse_jobs import cli, paths, schemas, spec as specs, windows
from lakehouse_jobs.errors import SchemaEvolutionError, SpecError
from lakehouse_jobs.jdbc import quote_ident

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = sorted(glob.glob(os.path.join(HERE, "fixtures", "*.json")))


def test_there_are_fixtures():
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize("path", FIXTURES, ids=os.path.basename)
def test_fixture_validates_against_the_contract(path):
    with open(specs.SCHEMA_PATH) as f:
        schema = json.load(f)
    with open(path) as f:
        spec = json.load(f)
    jsonschema.Draft7Validator(schema).validate(spec)
    specs.validate(spec, path)  # and the jobs' own semantic checks


def test_generated_job_specs_are_accepted_by_the_jobs():
    """Whatever the compiler generated into generated/ must load in the jobs (contract check)."""
    for path in sorted(glob.glob(os.path.join(REPO, "generated", "**", "jobspecs", "*.json"), recursive=True)):
        specs.load(path=path)


def test_semantic_errors_are_listed_together():
    spec = json.load(open(FIXTURES[0]))
    spec["tables"][0]["keys"] = ["nope"]
    spec["tables"][1]["behaviour"] = {"kind": "mutableDimension", "watermark": "missing_col", "granularity": "day"}
    with pytest.raises(SpecError) as e:
        specs.validate(spec)
    assert "key 'nope' is not a declared column" in str(e.value)
    assert "behaviour.watermark 'missing_col' is not a declared column" in str(e.value)


def test_cli_rejects_bad_arguments():
    spec = json.dumps(json.load(open(os.path.join(HERE, "fixtures", "shop.bronze.json"))))
    with pytest.raises(SpecError, match="--run-date must be YYYY-MM-DD"):
        cli.run(["--spec-json", spec, "--run-date", "03/01/2025", "--run-id", "r"])
    with pytest.raises(SpecError, match="unknown table"):
        cli.run(["--spec-json", spec, "--run-date", "2025-01-03", "--run-id", "r", "--tables", "stores,nope"], spark=object())
    with pytest.raises(SpecError, match="not valid JSON"):
        cli.run(["--spec-json", "{", "--run-date", "2025-01-03", "--run-id", "r"])
    with pytest.raises(SystemExit):
        cli.parse_args(["--run-date", "2025-01-03", "--run-id", "r"])  # no spec


def test_main_py_exits_1_with_a_clear_message_on_bad_input():
    """The SparkApplication's mainApplicationFile refuses a broken spec before starting Spark."""
    res = subprocess.run([sys.executable, os.path.join(REPO, "spark-jobs", "main.py"), "--spec-json",
                          '{"version": 1, "job": "bronze"}', "--run-date", "2025-01-03", "--run-id", "r"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert "ERROR: job spec --spec-json is invalid" in res.stderr and "'app' is a required property" in res.stderr


def test_run_folder_is_path_safe_and_stable():
    assert paths.run_folder("scheduled__2025-01-03T04:15:00+00:00-1") == "scheduled__2025-01-03T04_15_00_00_00-1"
    with pytest.raises(SpecError):
        paths.run_folder(" ")


D = dt.date(2025, 1, 10)


def win(behaviour, state):
    return windows.compute(behaviour, D, state, quote_ident)


def test_windows_snapshot_and_bootstrap():
    assert win({"kind": "snapshot"}, None).batch_type == "snapshot"
    w = win({"kind": "mutableDimension", "watermark": "u", "granularity": "day"}, None)
    assert (w.batch_type, windows.sql_predicate(w)) == ("bootstrap", None)
    # facts and events: everything up to the run date (never future dates), NULL event columns too
    for b, col in (({"kind": "fact", "eventDate": "d", "lookbackDays": 0}, '"d"'),
                   ({"kind": "event", "eventTime": "t", "lookbackDays": 2, "dedup": True}, '"t"')):
        w = win(b, None)
        assert (w.batch_type, windows.sql_predicate(w)) == ("bootstrap", f"({col} < DATE '2025-01-11') OR {col} IS NULL")
    # a bootstrap that saw no rows has nothing to anchor on: bootstrap again
    dim = {"kind": "mutableDimension", "watermark": "u", "granularity": "day"}
    assert win(dim, {"last_watermark": None}).batch_type == "bootstrap"


def test_windows_mutable_dimension():
    day = win({"kind": "mutableDimension", "watermark": "updated_at", "created": "created_at", "granularity": "day"},
              {"last_watermark": "2025-01-07 18:30:00"})
    assert windows.sql_predicate(day) == (
        'CAST(COALESCE("updated_at", "created_at") AS DATE) >= DATE \'2025-01-07\' AND '
        'CAST(COALESCE("updated_at", "created_at") AS DATE) <= DATE \'2025-01-10\'')  # both ends included
    ts = win({"kind": "mutableDimension", "watermark": "updated_at", "granularity": "timestamp"},
             {"last_watermark": "2025-01-07 18:30:00.5"})
    assert windows.sql_predicate(ts) == (
        "\"updated_at\" > TIMESTAMP '2025-01-07 18:30:00.5' AND \"updated_at\" < TIMESTAMP '2025-01-11'")


def test_windows_facts_and_events():
    state = {"last_event_date": "2025-01-09"}
    zero = win({"kind": "fact", "eventDate": "order_date", "lookbackDays": 0}, state)
    assert windows.sql_predicate(zero) == \
        "(\"order_date\" >= DATE '2025-01-10' AND \"order_date\" < DATE '2025-01-11') OR \"order_date\" IS NULL"
    five = win({"kind": "fact", "eventDate": "payment_date", "lookbackDays": 5}, state)
    assert (five.lower, five.upper) == ("2025-01-06", "2025-01-11")  # [D-(5-1), D+1)
    ev = win({"kind": "event", "eventTime": "ts", "lookbackDays": 2, "dedup": True}, state)
    assert (ev.lower, ev.upper, ev.column) == ("2025-01-09", "2025-01-11", '"ts"')


def test_identifiers_are_quoted():
    assert quote_ident('we"ird') == '"we""ird"'


def struct(**cols):
    return T.StructType([T.StructField(n, schemas.parse_type(t, 'test')) for n, t in cols.items()])


def test_schema_evolution_rules():
    target = struct(id="int", amount="decimal(12,2)", name="string")
    evo = schemas.plan(target, struct(id="bigint", amount="decimal(14,2)", name="string", extra="date"), "t")
    assert [f.name for f in evo.added] == ["extra"]
    assert [(n, o.simpleString(), w.simpleString()) for n, o, w in evo.widened] == [
        ("id", "int", "bigint"), ("amount", "decimal(12,2)", "decimal(14,2)")]
    assert schemas.plan(target, struct(id="int"), "t").missing[0].name == "amount"
    with pytest.raises(SchemaEvolutionError) as e:
        schemas.plan(target, struct(id="smallint", amount="decimal(10,2)", name="int"), "t")
    msg = str(e.value)
    assert "'id': the table has int, this run produces smallint — type narrowing is refused" in msg
    assert "'amount': the table has decimal(12,2), this run produces decimal(10,2) — type narrowing" in msg
    assert "'name': the table has string, this run produces int — incompatible type change" in msg
    with pytest.raises(SchemaEvolutionError, match="schemaEvolution is 'fail'"):
        schemas.plan(target, struct(id="int", amount="decimal(12,2)", name="string", extra="date"), "t", allow_changes=False)


def test_schema_hash_ignores_order_and_nullability():
    a = T.StructType([T.StructField("a", T.IntegerType(), False), T.StructField("b", T.StringType())])
    b = T.StructType([T.StructField("b", T.StringType()), T.StructField("a", T.IntegerType(), True)])
    assert schemas.schema_hash(a) == schemas.schema_hash(b)
    assert schemas.schema_hash(a) != schemas.schema_hash(struct(a="bigint", b="string"))
