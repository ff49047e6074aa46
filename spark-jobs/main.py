"""Entry point of every lakehouse Spark job (the SparkApplication's mainApplicationFile).

  spark-submit main.py (--spec PATH | --spec-json JSON) --run-date YYYY-MM-DD --run-id ID [--tables a,b]
"""
import os
import sys

# The job package sits next to this file (image: /opt/spark/app/{main.py,lakehouse_jobs/}).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lakehouse_jobs.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
