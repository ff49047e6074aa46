"""KubernetesPodOperator, with the pod replaced by a local process of its image's environment."""
from __future__ import annotations

from airflow.exceptions import AirflowException
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

from lakec_local import pod_dir, runtime
from lakec_local.pod_command import PodSpec, build
from lakec_local.process import ProcessFailed, run


class LocalPod(KubernetesPodOperator):
    """Runs the rendered command, env and secrets of the pod in a local environment."""

    def execute(self, context):
        try:
            rt = runtime.load()
            ti = context["ti"]
            workdir = pod_dir.fresh(rt.state_dir, ti.dag_id, ti.run_id, ti.task_id, ti.try_number)
            command = build(_spec(self), rt, workdir)
        except runtime.LocalRunError as err:
            raise AirflowException(str(err)) from None
        for note in command.notes:
            self.log.info("local: %s", note)
        try:
            run(command.argv, command.env, workdir, self.log, f"pod {self.name or self.task_id}")
        except ProcessFailed as err:
            raise AirflowException(str(err)) from None

    def on_kill(self) -> None:
        pass


def _spec(op: KubernetesPodOperator) -> PodSpec:
    env = []
    for var in op.env_vars or []:
        ref = getattr(getattr(var, "value_from", None), "secret_key_ref", None)
        if getattr(var, "value_from", None) is not None and ref is None:
            raise runtime.LocalRunError(f"task {op.task_id}: env {var.name} uses a value source the local runner cannot resolve")
        env.append((var.name, var.value, (ref.name, ref.key) if ref else None))
    secrets = [(s.deploy_type, s.deploy_target, s.secret, s.key) for s in op.secrets or []]
    if op.env_from:
        raise runtime.LocalRunError(f"task {op.task_id}: env_from is not supported by the local runner")
    return PodSpec(
        task=op.task_id, image=op.image or "", cmds=list(op.cmds or []),
        arguments=[str(a) for a in op.arguments or []], env=env, secrets=secrets,
    )
