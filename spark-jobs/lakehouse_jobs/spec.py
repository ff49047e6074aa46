"""Loading and checking the job spec (the contract is spark-jobs/jobspec.schema.json).

The spec stays a plain dict (it is JSON written by the compiler); this module only checks it
and answers a few questions about it. JSON-Schema validation runs when the `jsonschema`
package and the schema file are available (tests, dev); the semantic checks below always run,
so a Spark image without `jsonschema` still rejects a broken spec with a clear message.
"""
import json
import os
import re

from .errors import SpecError, bullet_list

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "jobspec.schema.json")

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load(path=None, text=None):
    """Read a spec from a file path or a JSON string, validate it, return the dict."""
    if (path is None) == (text is None):
        raise SpecError("give exactly one of --spec <path> or --spec-json <json>")
    origin = path or "--spec-json"
    try:
        if path is not None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        spec = json.loads(text)
    except OSError as e:
        raise SpecError(f"cannot read job spec {path}: {e}") from e
    except json.JSONDecodeError as e:
        raise SpecError(f"job spec {origin} is not valid JSON: {e}") from e
    validate(spec, origin)
    return spec


def validate(spec, origin="spec"):
    problems = _schema_problems(spec) + _semantic_problems(spec)
    if problems:
        raise SpecError(f"job spec {origin} is invalid:\n{bullet_list(problems)}")


def _schema_problems(spec):
    try:
        import jsonschema
    except ImportError:  # Spark image without jsonschema: the semantic checks still run
        return []
    if not os.path.exists(SCHEMA_PATH):
        return []
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in sorted(validator.iter_errors(spec), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _semantic_problems(spec):
    if not isinstance(spec, dict):
        return ["the spec must be a JSON object"]
    problems = []
    if spec.get("version") != 1:
        problems.append(f"version must be 1 (got {spec.get('version')!r}); this job code reads spec version 1")
    if spec.get("job") == "landing" and not spec.get("source"):
        problems.append("a landing spec needs 'source' (the JDBC connection)")
    seen = set()
    for t in spec.get("tables") or []:
        name = t.get("name")
        if name in seen:
            problems.append(f"table '{name}' appears twice")
        seen.add(name)
        cols = {c.get("name") for c in t.get("columns") or []}
        for k in t.get("keys") or []:
            if k not in cols:
                problems.append(f"table '{name}': key '{k}' is not a declared column")
        b = t.get("behaviour") or {}
        for field in ("watermark", "created", "eventDate", "eventTime"):
            if b.get(field) is not None and b[field] not in cols:
                problems.append(f"table '{name}': behaviour.{field} '{b[field]}' is not a declared column")
        s = t.get("silver")
        if s and s.get("write", {}).get("mode") in ("merge", "scd1", "scd2") and not s["write"].get("keys"):
            problems.append(f"table '{name}': silver write mode '{s['write']['mode']}' needs write.keys")
    return problems


def select_tables(spec, names=None, need_silver=False):
    """The spec's tables in spec order, optionally restricted to --tables a,b."""
    tables = list(spec["tables"])
    if names:
        known = {t["name"] for t in tables}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SpecError(f"--tables names unknown table(s) {unknown}; the spec has {sorted(known)}")
        tables = [t for t in tables if t["name"] in set(names)]
    if need_silver:
        missing = [t["name"] for t in tables if not t.get("silver")]
        if names and missing:
            raise SpecError(f"table(s) {missing} have no 'silver' block in the spec")
        tables = [t for t in tables if t.get("silver")]
        if not tables:
            raise SpecError("no table in the spec has a 'silver' block; nothing to do")
    return tables


def kind(table):
    return table["behaviour"]["kind"]


def lookback_days(table):
    return int(table["behaviour"].get("lookbackDays", 0))


def column_types(table):
    """Declared column name -> Spark SQL type string, in declaration order."""
    return {c["name"]: c["type"] for c in table["columns"]}
