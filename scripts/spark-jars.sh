#!/usr/bin/env bash
# Fetch (once) and cache the jars the Spark jobs need (Delta, hadoop-aws + AWS SDK, JDBC driver).
#
#   bash scripts/spark-jars.sh   -> progress on stderr, the jar directory as the last stdout line
#
# The list is spark-jobs/jars.lock.txt (one group:artifact:version per line). Each jar is
# downloaded from Maven Central without transitive resolution and checked against the .sha1
# Maven Central publishes next to it. The directory also holds `jars.txt`: the absolute jar
# paths in lock order, comma-joined, ready for `spark.jars`.
# Cache: ${LAKEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-compiler}/jars-<key>,
# <key> = first 16 hex digits of sha256(lock file + recipe version). A directory is only used
# if it holds a `.complete` marker; it is built in a temporary sibling and renamed into place.
# Jars already present in another complete jars-* directory (same file name and sha1) are
# copied from there instead of downloaded again (the AWS SDK bundle is ~600 MB).
#
# Environment: LAKEC_MAVEN_REPO (default https://repo1.maven.org/maven2).
set -euo pipefail

log() { printf '[spark-jars] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

RECIPE="recipe=1"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lock="$repo_root/spark-jobs/jars.lock.txt"
maven="${LAKEC_MAVEN_REPO:-https://repo1.maven.org/maven2}"
[[ -f "$lock" ]] || die "jar list not found: $lock"
command -v curl >/dev/null 2>&1 || die "curl not found (apt-get install -y curl)"

# Coordinates without comments and blank lines, in file order.
mapfile -t coords < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$lock" | grep -v '^$')
[[ ${#coords[@]} -gt 0 ]] || die "$lock lists no jars"

key="$( { printf '%s\n' "${coords[@]}"; printf '%s\n' "$RECIPE"; } | sha256sum | cut -c1-16)"
cache_root="${LAKEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-compiler}"
dest="$cache_root/jars-$key"

if [[ -f "$dest/.complete" ]]; then
  log "using cached jars $dest"
  printf '%s\n' "$dest"
  exit 0
fi

mkdir -p "$cache_root"
find "$cache_root" -maxdepth 1 -name '.jars-*.tmp.*' -mmin +240 -exec rm -rf {} + 2>/dev/null || true
tmp="$(mktemp -d "$cache_root/.jars-$key.tmp.XXXXXX")"
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

started=$SECONDS
log "fetching ${#coords[@]} jars into $dest"
paths=()
for coord in "${coords[@]}"; do
  IFS=: read -r group artifact version extra <<<"$coord"
  [[ -n "$group" && -n "$artifact" && -n "$version" && -z "${extra:-}" ]] \
    || die "bad line '$coord' in $lock (want group:artifact:version)"
  file="$artifact-$version.jar"
  url="$maven/${group//.//}/$artifact/$version/$file"
  want="$(curl -fsSL --retry 3 "$url.sha1" | cut -c1-40)" || die "cannot fetch $url.sha1"
  [[ "$want" =~ ^[0-9a-f]{40}$ ]] || die "unexpected sha1 for $coord: '$want'"

  reused=""
  for other in "$cache_root"/jars-*/"$file"; do
    [[ -f "$other" && -f "$(dirname "$other")/.complete" ]] || continue
    if [[ "$(sha1sum "$other" | cut -c1-40)" == "$want" ]]; then
      cp "$other" "$tmp/$file" && reused="$other" && break
    fi
  done
  if [[ -n "$reused" ]]; then
    log "  $coord (reused from $(dirname "$reused"))"
  else
    log "  $coord <- $url"
    curl -fSL --retry 3 --progress-bar -o "$tmp/$file" "$url" >&2 || die "download failed: $url"
  fi
  got="$(sha1sum "$tmp/$file" | cut -c1-40)"
  [[ "$got" == "$want" ]] || die "sha1 mismatch for $coord: got $got, Maven Central says $want"
  paths+=("$dest/$file")
done

(IFS=,; printf '%s\n' "${paths[*]}") >"$tmp/jars.txt"
touch "$tmp/.complete"
if [[ -e "$dest" && ! -f "$dest/.complete" ]]; then rm -rf "$dest"; fi
if mv -T "$tmp" "$dest" 2>/dev/null; then
  trap - EXIT
  log "jars ready in $((SECONDS - started))s: $dest"
elif [[ -f "$dest/.complete" ]]; then
  log "another run finished $dest first; using it"
else
  die "could not move $tmp to $dest"
fi
printf '%s\n' "$dest"
