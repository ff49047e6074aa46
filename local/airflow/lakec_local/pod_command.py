"""A rendered pod (image, command, env, secrets) as one local process. Pure, no Airflow import."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

from lakec_local.runtime import LocalRunError, Runtime


@dataclass
class PodSpec:
    task: str
    image: str
    cmds: list[str]
    arguments: list[str]
    env: list[tuple[str, str | None, tuple[str, str] | None]]  # name, value, (secret, key)
    secrets: list[tuple[str, str, str, str]]  # deploy_type, target, secret name, key


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str]
    notes: list[str] = field(default_factory=list)


def build(pod: PodSpec, runtime: Runtime, workdir: str) -> Command:
    repository, mapping = runtime.image(pod.image, pod.task)
    kind = mapping.get("kind", "command")
    notes: list[str] = [f"image {repository}: local {kind} environment"]
    # `program` is already a local command (this machine's paths); `image_argv` is what the pod
    # would run in its image, whose paths (/tmp, /app/dbt, ...) are mapped to local ones below.
    if kind == "command":
        environment: dict = {}
        program = list(mapping.get("command") or [])
        image_argv = ([] if program else list(pod.cmds)) + list(pod.arguments)
        if not program and not pod.cmds:
            raise LocalRunError(f"task {pod.task}: image '{repository}' runs its entrypoint; give its local \"command\"")
    else:
        environment = runtime.environments.get(kind)
        if environment is None:
            raise LocalRunError(f"task {pod.task}: no local '{kind}' environment for image '{repository}'")
        if not pod.cmds:
            raise LocalRunError(f"task {pod.task}: the pod has no command and the image's entrypoint is not known locally")
        image_argv = list(pod.cmds) + list(pod.arguments)
        program = []
        if image_argv[0] in ("python", "python3"):
            program, image_argv = [environment["python"]], image_argv[1:]

    paths = {"/tmp": os.path.join(workdir, "tmp")}
    paths.update(environment.get("paths") or {})
    for image_dir, source in (environment.get("copies") or {}).items():
        target = os.path.join(workdir, "image", image_dir.lstrip("/"))
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("target", "logs", "__pycache__"))
        paths[image_dir] = target

    def local(value: str) -> str:
        return _map_paths(runtime.rewrite(value), paths)

    env = dict(runtime.base_env)
    # A pod's /tmp, unless its path is too long for Unix sockets (108 bytes) made under it.
    if len(paths["/tmp"]) < 60:
        env["TMPDIR"] = paths["/tmp"]
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for name, value, secret in pod.env:
        env[name] = runtime.secret(secret[0], secret[1], pod.task) if secret else local(value or "")
    for deploy_type, target, secret_name, key in pod.secrets:
        if deploy_type != "env":
            raise LocalRunError(f"task {pod.task}: secret '{secret_name}' is mounted as a {deploy_type}; only env secrets run locally")
        env[target] = runtime.secret(secret_name, key, pod.task)
    # The mapping's own env is local configuration: service names rewritten, no image paths.
    for name, value in (mapping.get("env") or {}).items():
        env[name] = runtime.rewrite(str(value))
    return Command(argv=program + [local(a) for a in image_argv], env=env, notes=notes)


def _map_paths(value: str, paths: dict[str, str]) -> str:
    """An image path (the whole value, or after `=` as in --opt=/path) -> its local counterpart."""
    prefix, sep, rest = value.partition("=") if value.startswith("--") else ("", "", value)
    for image_dir in sorted(paths, key=len, reverse=True):
        if rest == image_dir or rest.startswith(image_dir.rstrip("/") + "/"):
            return prefix + sep + paths[image_dir] + rest[len(image_dir.rstrip("/")):]
    return value
