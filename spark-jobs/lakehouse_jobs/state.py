"""Watermark state per table: `<lake.state>/_state_<table>.json`.

Written only after every batch of the table landed completely (manifest read back, `_SUCCESS`
written). A missing state means the next run does a full bootstrap extract; a corrupt one
fails the run (silently re-bootstrapping could hide a problem and re-read a huge table).
"""
import json
import re

from . import paths
from .errors import JobError

_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?)?$")


def read(fs, lake, table):
    """fs: storage.Lake; lake: the spec's lake roots."""
    uri = paths.state_path(lake, table)
    if not fs.exists(uri):
        return None
    text = fs.read_text(uri)
    try:
        state = json.loads(text)
    except json.JSONDecodeError as e:
        raise JobError(f"watermark state {uri} is not valid JSON ({e}); fix or delete it "
                       f"(deleting it makes the next run a full bootstrap extract)") from e
    for key in ("last_watermark", "last_updated_at", "last_created_at", "last_event_date"):
        v = state.get(key)
        if v is not None and not (isinstance(v, str) and _STAMP.match(v)):
            raise JobError(f"watermark state {uri}: '{key}' = {v!r} is not an ISO date/timestamp")
    return state


def write(fs, lake, table, state):
    fs.write_text(paths.state_path(lake, table), json.dumps(state, indent=2, sort_keys=True) + "\n")
