"""Finding and validating landing batches for bronze.

A batch is a run folder `<raw>/<t>/mode=M/<field>=D/run_id=R/`:
- `_manifest.json` + `_SUCCESS`: complete, a candidate;
- `_manifest.json` without `_SUCCESS`: the landing did not finish or failed its checks. Fatal,
  unless a complete batch exists for the same table and date (a retried landing), which then
  stands in for it;
- `_SUCCESS` without manifest: corrupt, fatal;
- neither: a landing still writing or killed before its manifest; ignored.
A candidate is only applied after its manifest checks out against the files next to it
(names, sizes, SHA-256, row count, schema hash).
"""
import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from . import log, paths
from .manifest import parse
from .schemas import schema_hash


@dataclass
class Batch:
    table: str
    dir: str
    date: str
    run_folder: str
    has_manifest: bool
    has_success: bool
    manifest: Optional[dict] = None
    df: object = None
    problems: list = field(default_factory=list)

    @property
    def manifest_path(self):
        return paths.join(self.dir, paths.MANIFEST)

    @property
    def sort_key(self):
        return (self.date, (self.manifest or {}).get("ingest_ts", ""), self.run_folder)


def discover(fs, lake, table, since, window_dates):
    """All run folders of a table whose date is >= since (None: every date) or in window_dates."""
    kind = table["behaviour"]["kind"]
    field_name = paths.PARTITION_FIELD[kind]
    mode_dir = paths.join(paths.raw_table_root(lake, table["name"]), f"mode={paths.mode_of(kind)}")
    found = []
    for date_name in fs.list_dirs(mode_dir):
        date = _value(date_name, field_name)
        if date is None:
            log.info(f"bronze {table['name']}: ignoring unexpected folder {mode_dir}/{date_name}")
            continue
        if since is not None and date < since and date not in window_dates:
            continue
        date_dir = paths.join(mode_dir, date_name)
        for run_name in fs.list_dirs(date_dir):
            run = _value(run_name, "run_id", is_date=False)
            if run is None:
                continue
            run_dir = paths.join(date_dir, run_name)
            names = {n for n, _ in fs.list_files(run_dir)}
            b = Batch(table["name"], run_dir, date, run, paths.MANIFEST in names, paths.SUCCESS in names)
            if not b.has_manifest and not b.has_success:
                log.info(f"bronze {table['name']}: {run_dir} has neither manifest nor _SUCCESS "
                         f"(landing in progress or killed early); ignored")
                continue
            found.append(b)
    return sorted(found, key=lambda b: (b.date, b.run_folder))


def _value(name, key, is_date=True):
    if not name.startswith(key + "="):
        return None
    value = name[len(key) + 1:]
    if is_date:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value or None


def completeness_problems(batches):
    """Fatal problems of incomplete folders (see module doc)."""
    complete_dates = {b.date for b in batches if b.has_manifest and b.has_success}
    problems = []
    for b in batches:
        if b.has_success and not b.has_manifest:
            problems.append(f"{b.dir}: _SUCCESS without _manifest.json (corrupt batch)")
        elif b.has_manifest and not b.has_success and b.date not in complete_dates:
            problems.append(f"{b.dir}: _manifest.json but no _SUCCESS — the landing did not finish or failed "
                            f"its checks; rerun the landing for {b.date} (a complete batch for that date "
                            f"supersedes this folder) or delete the folder")
    return problems


def validate(spark, fs, table, b):
    """Read and check one complete batch. Fills b.manifest and b.df, or b.problems."""
    try:
        text = fs.read_text(b.manifest_path)
    except Exception as e:  # e.g. a checksum error of the file system
        b.problems = [f"{b.dir}: cannot read _manifest.json ({_first_line(e)})"]
        return b
    m, problems = parse(text, b.dir)
    if problems:
        b.problems = problems
        return b
    kind = table["behaviour"]["kind"]
    expect = {"table": table["name"], "behaviour": kind}
    for key, want in expect.items():
        if m[key] != want:
            problems.append(f"{b.dir}: manifest says {key} '{m[key]}', expected '{want}'")
    part = m["partition"]
    if part.get("field") != paths.PARTITION_FIELD[kind] or part.get("value") != b.date:
        problems.append(f"{b.dir}: manifest partition {part} does not match the folder")
    if paths.run_folder(m["run_id"]) != b.run_folder:
        problems.append(f"{b.dir}: manifest run_id '{m['run_id']}' does not match the folder")
    failed = [c.get("name") for c in m.get("checks") or [] if c.get("status") != "passed"]
    if failed:
        problems.append(f"{b.dir}: manifest records failed checks {failed}")

    on_disk = {n: size for n, size in fs.list_files(b.dir) if not n.startswith("_")}
    listed = {f["name"]: f for f in m["files"]}
    for name in sorted(set(on_disk) - set(listed)):
        problems.append(f"{b.dir}: file {name} is not listed in the manifest")
    for name, f in sorted(listed.items()):
        if name not in on_disk:
            problems.append(f"{b.dir}: manifest lists {name}, which is missing")
        elif on_disk[name] != f["size"]:
            problems.append(f"{b.dir}: {name} has {on_disk[name]} bytes, the manifest says {f['size']}")
        else:
            try:
                digest = fs.sha256(paths.join(b.dir, name))
            except Exception as e:
                problems.append(f"{b.dir}: cannot read {name} ({_first_line(e)})")
                continue
            if digest != f["sha256"]:
                problems.append(f"{b.dir}: {name} checksum differs from the manifest (sha256)")
    if problems:
        b.problems = problems
        return b

    try:
        df = spark.read.parquet(b.dir)
        actual = schema_hash(df.schema)
    except Exception as e:
        b.problems = problems + [f"{b.dir}: the Parquet files cannot be read ({_first_line(e)})"]
        return b
    if actual != m["schema_hash"]:
        problems.append(f"{b.dir}: schema hash mismatch — the manifest says {m['schema_hash'][:12]}…, the Parquet "
                        f"files have {actual[:12]}… ({df.schema.simpleString()})")
    else:
        try:
            rows = df.count()
        except Exception as e:
            rows = None
            problems.append(f"{b.dir}: the Parquet files cannot be read ({_first_line(e)})")
        if rows is not None and rows != m["row_count"]:
            problems.append(f"{b.dir}: {rows} rows in the files, the manifest says {m['row_count']}")
    b.problems, b.manifest, b.df = problems, (None if problems else m), (None if problems else df)
    return b


def _first_line(e):
    text = str(e).strip()
    for line in text.splitlines():
        if "Exception" in line and ":" in line:
            return line.strip()[:300]
    return text.splitlines()[0][:300] if text else type(e).__name__
