"""The jobs run the compiler's committed job specs for the reference platform as generated.

The landing/bronze pairs of generated/dags/jobspecs/ (snapshots-mutable-dims, facts-events) are
loaded as committed (and checked to be exactly what the SparkApplications pass as --spec-json);
only their deployment endpoints are replaced: source.jdbc host/port/database and the lake roots
(support/generated.py; the test asserts nothing else differs). The source tables are created
in the spec's own source schema from the spec's declared columns (Spark types -> PostgreSQL
types), the env variables the spec names get the test credentials, and landing then bronze run
through the real command line with the arguments the SparkApplications pass (`--spec-json`,
`--run-date` as Airflow's ds, `--run-id` as `<run_id>-<try_number>`), limited with --tables to
tables covering every behaviour the pairs generate:
- snapshot (one with a composite key and a decimal): replace per snapshot date;
- mutableDimension with the watermark outside the key and a `created` fallback, and with the
  watermark inside the key (versioned rows): watermark window + MERGE;
- fact with lookback 0 (replace per event date), fact with lookback > 0 and event with dedup
  (MERGE; late rows and corrections inside the lookback window, a duplicated event).
Each runs day 1 (bootstrap), day 2 (changes), a retried day-2 landing (new run id) and bronze
reruns: bronze holds the source rows with the declared types, keys and lineage, nothing is
applied twice, and the retry (the same rows again) gives no bronze table a new version.
"""
import datetime as dt

import pytest

from conftest import S3_ACCESS_KEY, S3_SECRET_KEY
from lakehouse_jobs import lineage
from lakehouse_jobs.schemas import parse_type
from support import generated as G
from support import jobs

DIMS = ("landing-snapshots-mutable-dims", "bronze-snapshots-mutable-dims",
        ["stores", "zones", "delivery_costing", "clients", "products"])
FACTS = ("landing-facts-events", "bronze-facts-events", ["orders", "payments", "order_status_history"])
DAY1, DAY2 = dt.date(2025, 1, 3), dt.date(2025, 1, 4)
ROWS = 3


def run_id(day, try_number=1):
    """What the SparkApplication passes: {{ run_id ~ '-' ~ ti.try_number }} of a scheduled run."""
    return f"scheduled__{day.isoformat()}T00:00:00+00:00-{try_number}"


def run_folder(day, try_number=1):
    return "run_id=" + run_id(day, try_number).replace(":", "_").replace("+", "_")


class Pair:
    """A generated landing/bronze spec pair deployed on the test engines, limited to `tables`."""

    def __init__(self, landing, bronze, source, tables):
        self.landing, self.bronze, self.source, self.tables = landing, bronze, source, tables
        self.specs = {t: G.table(landing, t) for t in tables}
        assert {t: G.table(bronze, t) for t in tables} == self.specs  # the pair agrees on every table

    def run(self, spark, job, day, try_number=1):
        spec = self.landing if job == "landing" else self.bronze
        jobs.run(spark, spec, day.isoformat(), run_id(day, try_number), tables=self.tables)

    def versions(self, spark):
        out = {"registry": jobs.version(spark, self.bronze["lake"]["registry"])}
        out.update({t: jobs.version(spark, bronze_uri(self.bronze, t)) for t in self.tables})
        return out

    def registry(self, spark):
        return jobs.delta(spark, self.bronze["lake"]["registry"])

    def assert_no_batch_applied_twice(self, spark):
        reg = self.registry(spark)
        assert reg.filter("status = 'applied'").groupBy("batch_path").count().filter("count > 1").count() == 0
        assert reg.filter("status = 'failed'").count() == 0

    def bronze_table(self, spark, name):
        return Bronze(spark, self.bronze, self.specs[name])


@pytest.fixture
def deploy(pg_server, lake, monkeypatch):
    """deploy((landing app, bronze app, tables)) -> Pair: the committed specs with only their
    endpoints replaced, the source tables created, the env variables they name set."""
    created = []

    def make(pair):
        landing_name, bronze_name, tables = pair
        landing, bronze = G.jobspec(landing_name), G.jobspec(bronze_name)
        # the committed jobspec files are exactly what the SparkApplications pass as --spec-json
        for name, spec in ((landing_name, landing), (bronze_name, bronze)):
            expected = {k: v for k, v in spec.items() if k != "$comment"}
            assert G.spec_argument(G.sparkapplication(name)) == expected, f"{name}: jobspec differs from its YAML"

        out = G.deploy(landing, pg_server, lake), G.deploy(bronze, pg_server, lake)
        roots = {f"/lake/{k}" for k, v in landing["lake"].items() if isinstance(v, str)}
        endpoint = {"/source/jdbc/host", "/source/jdbc/port", "/source/jdbc/database"}
        assert set(G.differences(landing, out[0])) == roots | endpoint
        assert set(G.differences(bronze, out[1])) == roots

        # the secrets the SparkApplications' env feeds, under the names the spec gives
        jdbc, s3 = landing["source"]["jdbc"], landing["lake"]["s3"]
        monkeypatch.setenv(jdbc["userEnv"], pg_server.user)
        monkeypatch.setenv(jdbc["passwordEnv"], pg_server.password)
        monkeypatch.setenv(s3["accessKeyEnv"], S3_ACCESS_KEY)
        monkeypatch.setenv(s3["secretKeyEnv"], S3_SECRET_KEY)

        source = G.Source(pg_server, landing)
        source.create([G.table(landing, t) for t in tables])
        created.append(source)
        return Pair(out[0], out[1], source, tables)

    yield make
    for source in created:
        source.drop()


def bronze_uri(spec, name):
    return f"{spec['lake']['bronze']}/{name}"


def business(spec_table):
    return [c["name"] for c in spec_table["columns"]]


class Bronze:
    """One read of a bronze table (they are tiny): schema and rows, checked in Python."""

    def __init__(self, spark, spec, spec_table):
        self.table, self.name, self.kind = spec_table, spec_table["name"], spec_table["behaviour"]["kind"]
        df = jobs.delta(spark, bronze_uri(spec, self.name))
        self.columns, self.schema = df.columns, df.schema
        self.rows = [r.asDict() for r in df.collect()]
        # the data column bronze adds from the landing folder
        self.added = {"snapshot": [lineage.SNAPSHOT_DATE], "event": [lineage.EVENT_DATE]}.get(self.kind, [])
        self.keys = list(spec_table["keys"]) + ([lineage.SNAPSHOT_DATE] if self.kind == "snapshot" else [])

    def business(self, snapshot_date=None):
        cols = business(self.table)
        return sorted((tuple(r[c] for c in cols) for r in self.rows
                       if snapshot_date is None or r[lineage.SNAPSHOT_DATE] == snapshot_date), key=G.sort_key)

    def lineage(self):
        """key (+ snapshot_date) -> (_ingest_run_id, _bronze_last_run_id, _bronze_last_manifest_path)."""
        return {tuple(r[k] for k in self.keys): (r[lineage.INGEST_RUN_ID], r[lineage.BRONZE_RUN_ID],
                                                  r[lineage.BRONZE_MANIFEST]) for r in self.rows}

    def check_shape(self, source):
        """The declared columns with the declared types, then the lineage columns; keys unique
        (per snapshot date for snapshots); lineage filled in."""
        assert self.columns == business(self.table) + list(lineage.LANDING_COLUMNS) + self.added + \
            list(lineage.BRONZE_COLUMNS), self.name
        types = {f.name: f.dataType.simpleString() for f in self.schema.fields}
        assert {c["name"]: types[c["name"]] for c in self.table["columns"]} == \
            {c["name"]: parse_type(c["type"], self.name).simpleString() for c in self.table["columns"]}, self.name
        assert len(self.lineage()) == len(self.rows), f"{self.name}: duplicate keys {self.keys}"
        for r in self.rows:
            assert all(r[c] is not None for c in lineage.LANDING_COLUMNS + lineage.BRONZE_COLUMNS), (self.name, r)
            assert (r[lineage.SOURCE_SYSTEM], r[lineage.SOURCE_TABLE], r[lineage.OP]) == \
                (source["name"], f"{source['schema']}.{self.name}", lineage.OP_UPSERT), (self.name, r)


# --- changing the source between runs ----------------------------------------------------------

def changed(spec_table, row):
    """row with its first non-key, non-behaviour column given a new value of its type."""
    fixed = set(spec_table["keys"]) | G.behaviour_columns(spec_table)
    col = next(c for c in spec_table["columns"] if c["name"] not in fixed)
    return dict(row, **{col["name"]: G.value(col["type"], col["name"], 7, DAY2)})


def on_day(spec_table, row, column, day):
    col = next(c for c in spec_table["columns"] if c["name"] == column)
    return dict(row, **{column: G.value(col["type"], column, 0, day)})


def key_of(spec_table, row):
    return tuple(row[k] for k in spec_table["keys"])


def update(source, spec_table, old, new):
    table = f"{G.ident(source.schema)}.{G.ident(spec_table['name'])}"
    sets = [k for k in new if new[k] != old[k]]
    source.execute(f"UPDATE {table} SET {', '.join(f'{G.ident(k)} = %s' for k in sets)} WHERE "
                   + " AND ".join(f"{G.ident(k)} = %s" for k in spec_table["keys"]),
                   [new[k] for k in sets] + [old[k] for k in spec_table["keys"]])


def new_row(spec_table, n):
    """Row number n (0-based) of the seed sequence: fresh keys."""
    return G.seed_rows(spec_table, n + 1, DAY1 - dt.timedelta(days=ROWS))[-1]


def dims_day2(source, spec_table, seeded):
    """Day 2 of a snapshot or mutable dimension. Returns the keys whose bronze row must come
    from day 2 (mutable dimensions) or None (snapshots: the whole day-2 snapshot)."""
    b, keys = spec_table["behaviour"], spec_table["keys"]
    first, last, new = seeded[0], seeded[-1], new_row(spec_table, len(seeded))
    if b["kind"] == "snapshot":  # an update, a delete and an insert: the next snapshot differs
        update(source, spec_table, first, changed(spec_table, first))
        source.execute(f"DELETE FROM {G.ident(source.schema)}.{G.ident(spec_table['name'])} WHERE "
                       + " AND ".join(f"{G.ident(k)} = %s" for k in keys), [last[k] for k in keys])
        source.insert(spec_table, [new])
        return None
    if b["watermark"] in keys:  # versioned rows (watermark in the key): a new version of the first row
        version = changed(spec_table, on_day(spec_table, first, b["watermark"], DAY2))
        source.insert(spec_table, [version])
        return {key_of(spec_table, version)}
    # updated in place (its watermark moves to day 2), and a new row
    update(source, spec_table, first, changed(spec_table, on_day(spec_table, first, b["watermark"], DAY2)))
    nullable = next(c["nullable"] for c in spec_table["columns"] if c["name"] == b["watermark"])
    if b.get("created") and nullable:  # found through COALESCE(watermark, created)
        new = dict(on_day(spec_table, new, b["created"], DAY2), **{b["watermark"]: None})
    else:
        new = on_day(spec_table, new, b["watermark"], DAY2)
    source.insert(spec_table, [new])
    return {key_of(spec_table, first), key_of(spec_table, new)}


def event_column(spec_table):
    b = spec_table["behaviour"]
    return b["eventDate"] if b["kind"] == "fact" else b["eventTime"]


def as_date(v):
    return v.date() if isinstance(v, dt.datetime) else v


def facts_day2(source, spec_table, seeded):
    """Day 2 of a fact or event table: a new row on day 2; for tables bronze merges (lookback
    > 0, dedup), also a correction and a late row inside the lookback window. Returns the keys
    whose bronze row must come from day 2."""
    b, ev = spec_table["behaviour"], event_column(spec_table)
    new = on_day(spec_table, new_row(spec_table, len(seeded)), ev, DAY2)
    source.insert(spec_table, [new])
    touched = {key_of(spec_table, new)}
    if b["lookbackDays"] > 0:
        first_day = DAY2 - dt.timedelta(days=b["lookbackDays"] - 1)
        inside = [r for r in seeded if as_date(r[ev]) >= first_day]
        assert inside, f"{spec_table['name']}: no seeded row inside the lookback window"
        fixed = changed(spec_table, inside[-1])
        update(source, spec_table, inside[-1], fixed)
        late = new_row(spec_table, len(seeded) + 1)
        late[ev] = inside[0][ev]
        source.insert(spec_table, [late])
        touched |= {key_of(spec_table, fixed), key_of(spec_table, late)}
    return touched


def distinct(rows):
    return sorted(set(rows), key=G.sort_key)


# --- the tests ----------------------------------------------------------------------------------

def test_generated_snapshot_and_mutable_dimension_specs(spark, deploy):
    pair = deploy(DIMS)
    specs, landing = pair.specs, pair.landing
    kinds = {t: s["behaviour"]["kind"] for t, s in specs.items()}
    assert set(kinds.values()) == {"snapshot", "mutableDimension"}
    seeded = {t: G.seed_rows(s, ROWS, DAY1 - dt.timedelta(days=ROWS)) for t, s in specs.items()}
    for t, s in specs.items():
        pair.source.insert(s, seeded[t])
    day1 = {t: pair.source.rows(s) for t, s in specs.items()}

    # --- day 1: bootstrap landing, first bronze -------------------------------------------------
    pair.run(spark, "landing", DAY1)
    pair.run(spark, "bronze", DAY1)
    for t, s in specs.items():
        got = pair.bronze_table(spark, t)
        got.check_shape(landing["source"])
        assert jobs.partition_columns(spark, bronze_uri(pair.bronze, t)) == got.added, t
        assert got.business() == day1[t], t
        mode = "mode=snapshot/snapshot_date" if kinds[t] == "snapshot" else "mode=incremental/extract_date"
        manifest = f"{landing['lake']['raw']}/{t}/{mode}={DAY1}/{run_folder(DAY1)}/_manifest.json"
        assert set(got.lineage().values()) == {(run_id(DAY1), run_id(DAY1), manifest)}, t
    assert pair.registry(spark).filter("status = 'applied'").count() == len(specs)

    # --- reruns of day 1: landing with the same run id skips, bronze finds nothing new ------------
    before = pair.versions(spark)
    pair.run(spark, "landing", DAY1)
    pair.run(spark, "bronze", DAY1, try_number=2)
    assert pair.versions(spark) == before

    # --- day 2 ----------------------------------------------------------------------------------
    touched = {t: dims_day2(pair.source, s, seeded[t]) for t, s in specs.items()}
    day2 = {t: pair.source.rows(s) for t, s in specs.items()}
    pair.run(spark, "landing", DAY2)
    pair.run(spark, "bronze", DAY2)

    def check_day2(try_number):
        for t, s in specs.items():
            got = pair.bronze_table(spark, t)
            got.check_shape(landing["source"])
            lin = got.lineage()
            if kinds[t] == "snapshot":  # one full snapshot per date, the older one kept
                assert got.business(DAY1) == day1[t], t
                assert got.business(DAY2) == day2[t], t
                assert {v[:2] for k, v in lin.items() if k[-1] == DAY2} == \
                    {(run_id(DAY2, try_number), run_id(DAY2, try_number))}, t
            else:  # merged on the keys: the current source; only changed rows were rewritten
                assert got.business() == day2[t], t
                for key, (ingest, applied, _) in lin.items():
                    want = (run_id(DAY2), run_id(DAY2)) if key in touched[t] else (run_id(DAY1), run_id(DAY1))
                    assert (ingest, applied) == want, (t, key)
        pair.assert_no_batch_applied_twice(spark)

    check_day2(1)
    # each dimension's day-2 extract re-read its boundary day (day granularity includes it):
    # more rows landed than changed, yet the unchanged ones kept their day-1 lineage (above)
    reg = pair.registry(spark).filter(f"status = 'applied' AND partition_value = '{DAY2}'")
    landed = {r["table_name"]: r["row_count"] for r in reg.collect()}
    for t, keys in touched.items():
        if keys is not None:
            assert landed[t] > len(keys), (t, landed[t], keys)

    # --- a retried day-2 landing (try 2: a new run id), bronze again: nothing applied twice, and
    # the same rows change no bronze table (no new Delta version, lineage of try 1 kept) ---------
    before = pair.versions(spark)
    pair.run(spark, "landing", DAY2, try_number=2)
    pair.run(spark, "bronze", DAY2, try_number=2)
    check_day2(1)
    assert {t: v for t, v in pair.versions(spark).items() if t != "registry"} == \
        {t: v for t, v in before.items() if t != "registry"}
    before = pair.versions(spark)
    pair.run(spark, "bronze", DAY2, try_number=3)
    assert pair.versions(spark) == before


def test_generated_fact_and_event_specs(spark, deploy):
    pair = deploy(FACTS)
    specs, landing = pair.specs, pair.landing
    strategies = {t: "merge" if s["behaviour"]["lookbackDays"] > 0 or s["behaviour"].get("dedup") else "replace"
                  for t, s in specs.items()}
    assert {(s["behaviour"]["kind"], strategies[t]) for t, s in specs.items()} == \
        {("fact", "replace"), ("fact", "merge"), ("event", "merge")}
    # event dates on the two days before the run date and on it
    seeded = {t: G.seed_rows(s, ROWS, DAY1 - dt.timedelta(days=ROWS - 1)) for t, s in specs.items()}
    for t, s in specs.items():
        pair.source.insert(s, seeded[t])
        if s["behaviour"].get("dedup"):  # the same event delivered twice
            pair.source.insert(s, [seeded[t][1]])
    day1 = {t: distinct(pair.source.rows(s)) for t, s in specs.items()}

    def event_day(t, row):
        return row[lineage.EVENT_DATE] if specs[t]["behaviour"]["kind"] == "event" else as_date(row[event_column(specs[t])])

    # --- day 1: bootstrap landing (one folder per event date), first bronze ----------------------
    pair.run(spark, "landing", DAY1)
    pair.run(spark, "bronze", DAY1)
    for t, s in specs.items():
        got = pair.bronze_table(spark, t)
        got.check_shape(landing["source"])
        assert jobs.partition_columns(spark, bronze_uri(pair.bronze, t)) == got.added, t
        assert got.business() == day1[t], t
        for r in got.rows:
            folder = f"{landing['lake']['raw']}/{t}/mode=incremental/event_date={event_day(t, r)}/{run_folder(DAY1)}"
            assert (r[lineage.INGEST_RUN_ID], r[lineage.BRONZE_RUN_ID], r[lineage.BRONZE_MANIFEST]) == \
                (run_id(DAY1), run_id(DAY1), folder + "/_manifest.json"), (t, r)
    assert pair.registry(spark).filter("status = 'applied'").count() == ROWS * len(specs)

    # --- day 2: new rows; corrections and late rows inside the lookback windows -------------------
    touched = {t: facts_day2(pair.source, s, seeded[t]) for t, s in specs.items()}
    day2 = {t: distinct(pair.source.rows(s)) for t, s in specs.items()}
    pair.run(spark, "landing", DAY2)
    pair.run(spark, "bronze", DAY2)

    def check_day2(try_number):
        for t, s in specs.items():
            got = pair.bronze_table(spark, t)
            got.check_shape(landing["source"])
            assert got.business() == day2[t], t
            for r in got.rows:
                if strategies[t] == "replace":  # each event date holds the newest batch for it
                    want = run_id(DAY2, try_number) if event_day(t, r) == DAY2 else run_id(DAY1)
                    new = event_day(t, r) == DAY2
                else:  # merged: a re-read unchanged row keeps the lineage of the run that changed it
                    new = key_of(s, r) in touched[t]
                    want = run_id(DAY2) if new else run_id(DAY1)
                assert (r[lineage.INGEST_RUN_ID], r[lineage.BRONZE_RUN_ID]) == (want, want), (t, r, new)
        pair.assert_no_batch_applied_twice(spark)

    check_day2(1)
    # --- a retried day-2 landing (try 2), bronze again: nothing applied twice, no bronze table
    # gets a new version (the retry's rows are the same) -------------------------------------------
    before = pair.versions(spark)
    pair.run(spark, "landing", DAY2, try_number=2)
    pair.run(spark, "bronze", DAY2, try_number=2)
    check_day2(1)
    assert {t: v for t, v in pair.versions(spark).items() if t != "registry"} == \
        {t: v for t, v in before.items() if t != "registry"}
    before = pair.versions(spark)
    pair.run(spark, "bronze", DAY2, try_number=3)
    assert pair.versions(spark) == before
