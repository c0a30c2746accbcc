#!/usr/bin/env bash
# Live-reloading preview at http://127.0.0.1:8000/ ; extra arguments go to `bulletin preview`
# (e.g. --dev-addr 127.0.0.1:8001, --no-cache, --mkdocs for MkDocs' own `mkdocs serve --dirty`).
# Each page is made when a browser asks for it and each save redoes only what it changed
# (hooks/bulletin/speed/lazy.py); the pages equal those of `mkdocs build` byte for byte.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh --runtime
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/bulletin preview --dev-addr 127.0.0.1:8000 "$@"
