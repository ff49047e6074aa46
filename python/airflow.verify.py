# Import check run once after building the airflow venv (scripts/python-env.sh airflow).
import airflow
import airflow.providers.cncf.kubernetes.operators.pod
import airflow.providers.http.operators.http
import airflow.providers.standard.operators.trigger_dagrun
import pytest
from airflow.models.dagbag import DagBag  # noqa: F401

print(f"[python-env] airflow {airflow.__version__}, pytest {pytest.__version__}: imports ok")
