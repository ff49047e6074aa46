"""Which source rows a landing run extracts (reference platform, section 3). Pure functions.

- snapshot: the full table, every run.
- mutableDimension: rows whose watermark (or, when the watermark is null, the created column)
  falls in the window after the last state. Day granularity includes both ends, so the
  boundary day is re-read and bronze's upsert absorbs the duplicates. Timestamp granularity
  reads (last_watermark, run_date + 1 day).
- fact / event: [run_date - (lookback - 1), run_date + 1) on the event column; lookback 0
  means the run date alone. No state: everything before run_date + 1 (a bootstrap never lands
  rows of future dates, which the source may still change or delete before their day). Both
  also read the rows whose event column is NULL: landing cannot place them and quarantines
  them (landing_quarantine.py), so they are reported on every run instead of silently skipped.
- no state (first run, or state lost) -> full bootstrap extract for the other behaviours.
"""
import datetime as dt
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Window:
    batch_type: str               # snapshot | bootstrap | incremental
    column: Optional[str] = None  # SQL expression the bounds apply to (None: full table)
    lower: Optional[str] = None   # ISO date or timestamp
    lower_inclusive: bool = True
    upper: Optional[str] = None
    upper_inclusive: bool = False
    granularity: Optional[str] = None  # day | timestamp
    or_null: bool = False         # also the rows whose column is NULL

    def as_manifest(self):
        if self.column is None:
            return None
        return {
            "expression": self.column,
            "from": self.lower,
            "from_inclusive": self.lower_inclusive,
            "to": self.upper,
            "to_inclusive": self.upper_inclusive,
            "granularity": self.granularity,
            "or_null": self.or_null,
        }


def parse_date(s):
    return dt.date.fromisoformat(s)


def compute(behaviour, run_date, state, quote):
    """behaviour: the spec's behaviour dict; run_date: date; state: dict or None;
    quote: function quoting an SQL identifier for the source database."""
    kind = behaviour["kind"]
    if kind == "snapshot":
        return Window("snapshot")
    next_day = (run_date + dt.timedelta(days=1)).isoformat()
    if kind in ("fact", "event"):
        column = quote(behaviour["eventDate"] if kind == "fact" else behaviour["eventTime"])
        if state is None:
            return Window("bootstrap", column, None, True, next_day, False, "day", or_null=True)
        days = max(int(behaviour.get("lookbackDays", 0)), 1)
        start = (run_date - dt.timedelta(days=days - 1)).isoformat()
        return Window("incremental", column, start, True, next_day, False, "day", or_null=True)
    if state is None:
        return Window("bootstrap")
    if kind == "mutableDimension":
        last = state.get("last_watermark")
        if last is None:  # the bootstrap saw no rows: still nothing to anchor a window on
            return Window("bootstrap")
        expr = quote(behaviour["watermark"])
        if behaviour.get("created"):
            expr = f"COALESCE({expr}, {quote(behaviour['created'])})"
        if behaviour["granularity"] == "day":
            return Window("incremental", f"CAST({expr} AS DATE)", last[:10], True, run_date.isoformat(), True, "day")
    return Window("incremental", expr, last, False, next_day, False, "timestamp")


def sql_predicate(window):
    """WHERE clause for the window (values are ISO strings we produced or validated)."""
    if window.column is None:
        return None
    is_day = window.granularity == "day"
    anchor = window.lower if window.lower is not None else window.upper
    lit = (lambda v: f"DATE '{v}'") if is_day and len(anchor) == 10 else (lambda v: f"TIMESTAMP '{v}'")
    parts = []
    if window.lower is not None:
        parts.append(f"{window.column} {'>=' if window.lower_inclusive else '>'} {lit(window.lower)}")
    if window.upper is not None:
        parts.append(f"{window.column} {'<=' if window.upper_inclusive else '<'} {lit(window.upper)}")
    bounds = " AND ".join(parts)
    return f"({bounds}) OR {window.column} IS NULL" if window.or_null else bounds
