#!/usr/bin/env bash
# Runs the test suite; arguments go to pytest (its configuration lives in pyproject.toml).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh --browser --server
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
