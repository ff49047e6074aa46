"""PySpark jobs of the lakehouse: raw landing, bronze apply and silver, driven by a job spec.

Entry point: ``spark-jobs/main.py`` (see ``lakehouse_jobs.cli``). The jobs hold no table- or
pipeline-specific constants: everything comes from the job spec (``jobspec.schema.json``)
and the command line (run date, run id, table subset).
"""

__version__ = "0.1.0"
PRODUCER = f"lakehouse_jobs/{__version__}"
