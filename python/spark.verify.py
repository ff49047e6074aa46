# Import check run once after building the spark venv (scripts/python-env.sh spark).
import boto3  # noqa: F401
import delta
import jsonschema  # noqa: F401
import moto
import psutil  # noqa: F401
import psycopg
import pyarrow  # noqa: F401
import pyspark
import pytest
from delta.tables import DeltaTable  # noqa: F401
from moto.server import ThreadedMotoServer  # noqa: F401
from pyspark.sql import SparkSession  # noqa: F401

print(
    f"[python-env] pyspark {pyspark.__version__}, delta-spark {delta.__version__ if hasattr(delta, '__version__') else '?'}, "
    f"psycopg {psycopg.__version__}, moto {moto.__version__}, pytest {pytest.__version__}: imports ok"
)
