#!/usr/bin/env bash
# Live-reloading preview at http://127.0.0.1:8000/ ; extra arguments go to `mkdocs serve`.
# --dirty: after each save only what the edit changed is rebuilt (hooks/bulletin/speed/incremental.py);
# the pages equal those of a full rebuild. Run `.venv/bin/mkdocs serve` to rebuild everything.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh --runtime
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000 "$@"
