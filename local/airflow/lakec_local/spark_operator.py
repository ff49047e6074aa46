"""SparkKubernetesOperator, with the Spark Operator's part done by a local spark-submit."""
from __future__ import annotations

import copy

from airflow.exceptions import AirflowException
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

from lakec_local import pod_dir, runtime
from lakec_local.process import ProcessFailed, run
from lakec_local.spark_submit import build


class LocalSparkApplication(SparkKubernetesOperator):
    """Renders and loads the SparkApplication exactly as the provider does, then runs it here."""

    def execute(self, context):
        try:
            rt = runtime.load()
            # The provider's own loading of the rendered application_file (YAML -> dict).
            app = copy.deepcopy(self.template_body)["spark"]
            name = (app.get("metadata") or {}).get("name") or self.task_id
            ti = context["ti"]
            workdir = pod_dir.fresh(rt.state_dir, ti.dag_id, ti.run_id, ti.task_id, ti.try_number)
            submit = build(app, name, rt, self.task_id, workdir)
        except runtime.LocalRunError as err:
            raise AirflowException(str(err)) from None
        for note in submit.notes:
            self.log.info("local: %s", note)
        try:
            run(submit.argv, submit.env, workdir, self.log, f"spark-submit of SparkApplication {name}")
        except ProcessFailed as err:
            raise AirflowException(str(err)) from None

    def on_kill(self) -> None:  # the child process group is ended by process.run
        pass
