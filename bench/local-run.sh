#!/usr/bin/env bash
# Wall time of the local run of the reference platform: three consecutive days from a fresh
# state (source init on day 1), as a newcomer runs it. Not a test: numbers go to the README.
#
#   bash bench/local-run.sh [FIRST_DAY] [DAYS]     (default 2026-03-28, 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
first="${1:-2026-03-28}"
days="${2:-3}"
state="$(mktemp -d /tmp/lakec-bench-local-XXXXXX)"
trap 'rm -rf "$state"' EXIT
rmdir "$state"
# Build (or reuse) the cached environments first, so they are not part of the measurement.
bash scripts/python-env.sh airflow >/dev/null && bash scripts/python-env.sh spark >/dev/null
bash scripts/python-env.sh dbt >/dev/null && bash scripts/spark-jars.sh >/dev/null
start=$(date +%s.%N)
npx tsx local/run/main.ts all --date "$first" --days "$days" --state "$state" > "$state.summary" 2> "$state.log" || {
  echo "local run failed; see $state.log" >&2; exit 1; }
end=$(date +%s.%N)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "local run, $days days from $first: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }') s wall"
# Per DAG: total task seconds over the days (from the summary table).
awk 'NR > 2 && $5 ~ /^[0-9.]+$/ { t[$2] += $5 } END { for (d in t) printf "  %-50s %7.1f s of task time\n", d, t[d] }' "$state.summary" | sort
rm -f "$state.summary" "$state.log"
