#!/usr/bin/env bash
# System packages the test suites need, installed from Debian packages when missing: a JDK for
# Spark, the PostgreSQL server binaries (the spark-jobs suite starts its own server on loopback
# as the `postgres` user), and Chromium at /usr/bin/chromium (the lineage page test drives it
# headless; its dependencies bring a font). Idempotent; prints what it does on stderr.
set -euo pipefail
log() { printf '[spark-jobs deps] %s\n' "$*" >&2; }

need=()
command -v java >/dev/null 2>&1 || [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]] || need+=(openjdk-17-jre-headless)
command -v pg_ctl >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || need+=(postgresql)
[[ -x /usr/bin/chromium ]] || need+=(chromium fonts-dejavu-core)
if [[ ${#need[@]} -eq 0 ]]; then
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { log "ERROR: need ${need[*]} and cannot install them (not root, no sudo)"; exit 1; }
  sudo="sudo"
fi
log "installing ${need[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
