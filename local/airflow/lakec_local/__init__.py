"""The local runner's side inside Airflow: the Kubernetes boundary replaced by local processes."""
