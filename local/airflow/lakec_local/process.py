"""Run a local process in place of a pod: its output goes to the task log line by line."""
from __future__ import annotations

import collections
import os
import signal
import subprocess


class ProcessFailed(Exception):
    def __init__(self, what: str, returncode: int, tail: list[str]):
        self.returncode = returncode
        self.tail = tail
        # The job's own last words carry its clear message (e.g. "bronze: batch ... is corrupt").
        shown = "\n".join(f"  | {line}" for line in tail[-15:])
        super().__init__(f"{what} exited with code {returncode}; its last output lines:\n{shown}")


def run(argv: list[str], env: dict[str, str], cwd: str, log, what: str) -> None:
    """Run argv to completion, streaming stdout+stderr into `log`; raise ProcessFailed on non-zero."""
    log.info("local: running %s", " ".join(argv))
    tail: collections.deque[str] = collections.deque(maxlen=60)
    child = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, errors="replace", start_new_session=True,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            line = line.rstrip("\n")
            tail.append(line)
            log.info("%s", line)
        returncode = child.wait()
    except BaseException:
        # Killed task (timeout, SIGTERM from Airflow): take the whole process group down with it.
        _kill_group(child)
        raise
    if returncode != 0:
        raise ProcessFailed(what, returncode, list(tail))


def _kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
