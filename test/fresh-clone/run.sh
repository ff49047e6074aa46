#!/usr/bin/env bash
# Runs the unit and golden suites in a fresh copy of the repository, alone in an empty temporary
# folder: nothing beside it (no shared folder), its own `npm ci`. What a newcomer's clone sees.
# The copy holds the working tree's files that git tracks or would track (not ignored ones), so
# uncommitted work is tested as it will land.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
parent="$(mktemp -d "${TMPDIR:-/tmp}/lakec-fresh-clone.XXXXXX")"
trap 'rm -rf "$parent"' EXIT
clone="$parent/repo"
mkdir "$clone"
cd "$repo"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do if [[ -e "$f" ]]; then printf '%s\0' "$f"; fi; done \
  | tar --null -T - -cf - | tar -xf - -C "$clone"
echo "[fresh-clone] $(ls "$clone" | wc -l) top-level entries copied to $clone; nothing beside it: $(ls -A "$parent")" >&2
cd "$clone"
npm ci --prefer-offline --no-audit --no-fund >/dev/null
npx vitest run --project unit
