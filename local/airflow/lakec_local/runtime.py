"""The runtime description the local runner writes for the Airflow processes it starts.

The TypeScript runner (local/run/runtime-file.ts) writes it as JSON and passes its path in
LAKEC_LOCAL_RUNTIME. It says how the cluster's names map to this machine: service host names to
loopback addresses, Kubernetes secrets to values, images to local environments.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

ENV_VAR = "LAKEC_LOCAL_RUNTIME"


class LocalRunError(Exception):
    """A problem the user can fix (an unmapped image, a missing secret): reported without a trace."""


@dataclass(frozen=True)
class Runtime:
    state_dir: str
    hosts: dict[str, str]
    secrets: dict[str, dict[str, str]]
    images: dict[str, dict]
    environments: dict[str, dict]
    spark: dict
    base_env: dict[str, str]
    _host_pattern: re.Pattern | None = field(default=None, compare=False)

    def rewrite(self, value: str) -> str:
        """A cluster value as it must read here: service host names become their loopback address."""
        if not self.hosts or not isinstance(value, str):
            return value
        pattern = self._host_pattern or _host_regex(self.hosts)
        return pattern.sub(lambda m: self.hosts[m.group(0)], value)

    def secret(self, name: str, key: str, task: str) -> str:
        try:
            return self.secrets[name][key]
        except KeyError:
            raise LocalRunError(
                f"task {task}: Kubernetes secret '{name}' key '{key}' has no local value; "
                f"add it under \"secrets\" in the local config (lakehouse.local.json)"
            ) from None

    def image(self, image: str, task: str) -> tuple[str, dict]:
        """The local mapping of a container image (matched on its repository, the tag ignored)."""
        repository = image_repository(image)
        mapping = self.images.get(repository)
        if mapping is None:
            raise LocalRunError(
                f"task {task}: image '{repository}' is not built by this project and has no local "
                f"command; map it under \"images\" in the local config (lakehouse.local.json)"
            )
        return repository, mapping


def image_repository(image: str) -> str:
    """`registry:5000/org/name:tag@sha256:...` -> `registry:5000/org/name`."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    return name


def _host_regex(hosts: dict[str, str]) -> re.Pattern:
    # Longest first, and only whole host names: `postgres-service` must not match `postgres-service2`.
    names = sorted(hosts, key=len, reverse=True)
    return re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


@lru_cache(maxsize=1)
def load() -> Runtime:
    path = os.environ.get(ENV_VAR)
    if not path:
        raise LocalRunError(f"{ENV_VAR} is not set: this Airflow was not started by `npm run local`")
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    hosts = dict(raw.get("hosts", {}))
    return Runtime(
        state_dir=raw["stateDir"],
        hosts=hosts,
        secrets=raw.get("secrets", {}),
        images=raw.get("images", {}),
        environments=raw.get("environments", {}),
        spark=raw.get("spark", {}),
        base_env=raw.get("baseEnv", {}),
        _host_pattern=_host_regex(hosts) if hosts else None,
    )
