"""Error types. Each carries a message meant for the person reading the Airflow task log."""


class JobError(Exception):
    """A problem with the inputs (spec, arguments, source data): fix the input, then rerun."""


class SpecError(JobError):
    """The job spec or the command line is invalid."""


class BadBatchError(JobError):
    """A landing batch is incomplete or corrupt; nothing was applied."""


class SchemaEvolutionError(JobError):
    """The incoming schema cannot be applied to the target table (e.g. type narrowing)."""


class QualityError(JobError):
    """Rows failed a filter whose onFail is 'fail' (or a landing check failed)."""


def bullet_list(problems):
    """Render problems as an indented list under a headline."""
    return "\n".join(f"  - {p}" for p in problems)
