"""Plain stderr logging with a job prefix (Spark's own log4j output stays separate)."""
import sys
import time


def info(msg):
    ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(f"[lakehouse_jobs {ts}] {msg}", file=sys.stderr, flush=True)
