#!/usr/bin/env bash
# Build the site and publish it atomically (hooks/bulletin/publish.py):
#
#   bash scripts/publish.sh /var/www/bantin            # builds ./mkdocs.yml, then swaps the folder in
#   bash scripts/publish.sh --strict /var/www/bantin   # MkDocs warnings fail the build too
#
# The build goes to a temporary folder beside the target; the target is replaced only after a
# complete, successful build, in one atomic rename. On failure the published site is untouched
# and the exit status is 1. The build writes .gz and .br copies for nginx (BULLETIN_PRECOMPRESS=none
# to skip them); a target that is a symbolic link (/srv/bantin/current) gets releases beside it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
if [ ! -x "$PY" ]; then
  bash "$ROOT/scripts/setup.sh" --runtime >&2
fi
# The web server sends precompressed copies (deploy/nginx/bantin.conf): write them unless told.
export BULLETIN_PRECOMPRESS="${BULLETIN_PRECOMPRESS:-gzip,br}"
case " $* " in
  *" --config "*) exec "$PY" -m bulletin.publish "$@" ;;
  *) exec "$PY" -m bulletin.publish --config "$ROOT/mkdocs.yml" "$@" ;;
esac
