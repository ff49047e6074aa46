"""One bad table never stops the others: each table's step runs on its own; a failure is
logged, the table is left out of the later steps, and once the good tables are written the job
fails with one error naming every table it did not write (so Airflow shows the task failed).
"""
import traceback

from . import log
from .errors import JobError, bullet_list


class TableFailures:
    def __init__(self, job):
        self.job, self.failures = job, []  # [(table name, error)]

    def attempt(self, name, step):
        """Run step(); True when it succeeded, else the failure is recorded."""
        try:
            step()
            return True
        except Exception as e:
            self.add(name, e)
            return False

    def add(self, name, error):
        log.info(f"{self.job} {name} FAILED: {error}")
        if not isinstance(error, JobError):
            traceback.print_exc()
        self.failures.append((name, error))

    def raise_if_any(self, total):
        """Raise one error of the failures' own type when they share one (the exit message keeps
        its meaning), else JobError."""
        if not self.failures:
            return
        kinds = {type(e) for _, e in self.failures}
        kind = next(iter(kinds)) if len(kinds) == 1 else JobError
        kind = kind if issubclass(kind, JobError) else JobError
        lines = [f"{name}: " + str(e).replace("\n", "\n  ") for name, e in self.failures]  # nested lists indented
        raise kind(f"{self.job}: {len(self.failures)} of {total} table(s) not written (the other tables "
                   f"were):\n{bullet_list(lines)}")
