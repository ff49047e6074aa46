"""Job specs for tests: a JSON fixture (valid against jobspec.schema.json) pointed at this
test's lake directory, PostgreSQL schema and port."""
import copy
import json
import os

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures")
S3_ACCESS_ENV, S3_SECRET_ENV = "LAKEC_TEST_S3_ACCESS_KEY", "LAKEC_TEST_S3_SECRET_KEY"


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return json.load(f)


def make(name, lake, pg=None, tables=None, edit=None):
    """Load fixture `name`, point it at lake/pg, keep only `tables` (names), apply edit(spec)."""
    spec = copy.deepcopy(fixture(name))
    spec["lake"] = dict(lake)
    if spec.get("source") and pg is not None:
        spec["source"]["schema"] = pg.schema
        spec["source"]["jdbc"].update(host=pg.server.host, port=pg.server.port, database=pg.server.database,
                                      userEnv="LAKEC_TEST_PGUSER", passwordEnv="LAKEC_TEST_PGPASSWORD")
    if tables:
        spec["tables"] = [t for t in spec["tables"] if t["name"] in tables]
    if edit:
        edit(spec)
    return spec


def table(spec, name):
    return next(t for t in spec["tables"] if t["name"] == name)
