#!/usr/bin/env bash
# Build the site of two git revisions on the same generated articles and compare every byte.
#
#   bash scripts/compare-builds.sh BASE [HEAD] [N]     (HEAD: the working tree; N: 1000 per language)
#
# For refactors that must not change the output (e.g. moving modules): prints "identical" and
# exits 0, or lists the differing files and exits 1. The articles come from bench/generate.py of
# the working tree (N per language, fixed seed); both builds run with the same BULLETIN_NOW, in
# temporary folders outside the repository, with this project's .venv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${1:?usage: compare-builds.sh BASE [HEAD] [N]}"
HEAD="${2:-}"
N="${3:-1000}"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || bash "$ROOT/scripts/setup.sh" --runtime >/dev/null
export NO_MKDOCS_2_WARNING=1 BULLETIN_NOW="2026-06-01T00:00:00+07:00"

WORK="$(mktemp -d)"
cleanup() {
  for side in base head; do
    [ -d "$WORK/$side-src" ] && git -C "$ROOT" worktree remove --force "$WORK/$side-src" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

"$PY" "$ROOT/bench/generate.py" "$WORK/articles" "$N" >/dev/null

build() {  # build SIDE REV ("" = the working tree)
  local side="$1" rev="$2" src
  if [ -n "$rev" ]; then
    git -C "$ROOT" worktree add --detach "$WORK/$side-src" "$rev" >/dev/null 2>&1
    src="$WORK/$side-src"
  else
    src="$ROOT"
  fi
  mkdir -p "$WORK/$side"
  cp -r "$src/mkdocs.yml" "$src/docs" "$src/data" "$src/hooks" "$WORK/$side/"
  cp -r "$WORK/articles" "$WORK/$side/articles"
  # the web editor's files (npm ci) are copied into the build from node_modules/
  [ -d "$ROOT/node_modules" ] && ln -s "$ROOT/node_modules" "$WORK/$side/node_modules"
  (cd "$WORK/$side" && "$PY" -m mkdocs build -q -d "$WORK/$side-site")
  echo "built $side (${rev:-working tree}): $(find "$WORK/$side-site" -type f | wc -l) files"
}
build base "$BASE"
build head "$HEAD"
if diff -r -q "$WORK/base-site" "$WORK/head-site"; then
  echo "identical"
else
  exit 1
fi
