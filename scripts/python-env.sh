#!/usr/bin/env bash
# Build (once) and cache the pinned Python virtual environment used by the integration tests.
#
#   bash scripts/python-env.sh [NAME]  -> progress on stderr, the venv path as the last stdout line
#
# NAME (default: airflow) selects python/NAME.lock.txt and the optional import check
# python/NAME.verify.py. One venv per NAME keeps tools with conflicting pins (Airflow, dbt,
# Spark) apart.
# Cache: ${LAKEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-compiler}/venv-NAME-<key>,
# where <key> is the first 16 hex digits of sha256(lock file + Python identity + recipe version).
# A venv is only used if it holds a `.complete` marker. It is built in a temporary sibling
# directory and renamed into place, so concurrent runs never see (or corrupt) a half-built one.
# Old venv-* siblings are left alone.
#
# Environment: LAKEC_BASE_PYTHON (default python3) is the interpreter the venv is made from.
set -euo pipefail

log() { printf '[python-env] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Bump when the build steps below change in a way that needs existing caches rebuilt.
RECIPE="recipe=1 pip==26.3"
PIP_VERSION="26.3"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:-airflow}"
[[ "$name" =~ ^[a-z0-9-]+$ ]] || die "invalid environment name '$name'"
lock="$repo_root/python/$name.lock.txt"
verify_script="$repo_root/python/$name.verify.py"
base_python="${LAKEC_BASE_PYTHON:-python3}"

[[ -f "$lock" ]] || die "lock file not found: $lock"
command -v "$base_python" >/dev/null 2>&1 || die "'$base_python' not found (need Python 3.10-3.13)"

py_identity="$("$base_python" - <<'PY'
import os, platform, sys
if not ((3, 10) <= sys.version_info[:2] <= (3, 13)):
    sys.exit(f"Python {platform.python_version()} is not supported by Airflow 3.1 (need 3.10-3.13)")
print(platform.python_version(), platform.machine(), os.path.realpath(sys.executable))
PY
)" || die "unsupported base interpreter '$base_python'"

key="$( { cat "$lock"; printf '\n%s\n%s\n' "$py_identity" "$RECIPE"; } | sha256sum | cut -c1-16)"
cache_root="${LAKEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-compiler}"
venv="$cache_root/venv-$name-$key"

if [[ -f "$venv/.complete" ]]; then
  log "using cached venv $venv"
  printf '%s\n' "$venv"
  exit 0
fi

mkdir -p "$cache_root"
# Leftovers of builds that were killed (a build takes minutes, not hours).
find "$cache_root" -maxdepth 1 -name '.venv-*.tmp.*' -mmin +240 -exec rm -rf {} + 2>/dev/null || true
tmp="$(mktemp -d "$cache_root/.venv-$name-$key.tmp.XXXXXX")"
chmod 755 "$tmp"  # mktemp makes it 0700
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

started=$SECONDS
log "building venv $venv (first run with this lock file: $(grep -c '^[^#[:space:]]' "$lock") pinned packages, may take a few minutes)"
log "base interpreter: $py_identity"
"$base_python" -m venv "$tmp" \
  || die "'$base_python -m venv' failed (on Debian: apt-get install python3-venv)"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
log "installing pip==$PIP_VERSION"
"$tmp/bin/python" -m pip install --quiet "pip==$PIP_VERSION" >&2

log "installing the pinned set from python/$name.lock.txt (--no-deps)"
"$tmp/bin/python" -m pip install --no-deps --progress-bar off -r "$lock" >&2

log "checking that the pinned set is complete and consistent (pip check)"
"$tmp/bin/python" -m pip check >&2 \
  || die "python/$name.lock.txt is not a complete, consistent set; regenerate it (see its header)"

if [[ -f "$verify_script" ]]; then
  log "verifying imports (python/$name.verify.py)"
  verify_home="$(mktemp -d)"
  AIRFLOW_HOME="$verify_home" AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__LOGGING__LOGGING_LEVEL=WARNING \
    PYTHONWARNINGS=ignore "$tmp/bin/python" "$verify_script" >&2 || die "import check failed"
  rm -rf "$verify_home"
fi

# A venv is not relocatable: console scripts (bin/airflow, bin/pytest, ...) and activate scripts
# hold the build path. Point them at the final path before the rename.
"$tmp/bin/python" - "$tmp" "$venv" <<'PY'
import os, sys
old, new = (os.fsencode(p) for p in sys.argv[1:3])
bindir = os.path.join(sys.argv[1], "bin")
for name in os.listdir(bindir):
    path = os.path.join(bindir, name)
    if os.path.islink(path) or not os.path.isfile(path):
        continue
    with open(path, "rb") as f:
        data = f.read()
    if old in data:
        with open(path, "wb") as f:
            f.write(data.replace(old, new))
PY

touch "$tmp/.complete"

# Atomic publish. rename(2) refuses to replace a non-empty directory, so if a concurrent run
# won the race, its (complete) venv stays and ours is discarded by the EXIT trap.
if [[ -e "$venv" && ! -f "$venv/.complete" ]]; then
  log "removing incomplete $venv"
  rm -rf "$venv"
fi
if mv -T "$tmp" "$venv" 2>/dev/null; then
  trap - EXIT
  log "venv ready in $((SECONDS - started))s: $venv"
elif [[ -f "$venv/.complete" ]]; then
  log "another run finished $venv first; using it"
else
  die "could not move $tmp to $venv"
fi
printf '%s\n' "$venv"
