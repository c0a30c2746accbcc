#!/usr/bin/env bash
# Idempotent developer/CI setup for the bulletin site.
#
#   bash scripts/setup.sh              # .venv + requirements-dev.txt (+ editable bulletin package) + npm ci
#   bash scripts/setup.sh --runtime    # .venv + requirements.txt only, + npm ci (enough for mkdocs build/serve)
#   bash scripts/setup.sh --browser    # as default, plus Debian chromium (browser tests)
#   bash scripts/setup.sh --server     # plus Debian nginx with its brotli module and wrk (web server tests)
#
# Fast when already done: pip runs only when the requirement files (or pyproject.toml)
# changed since the last successful install; hashes are kept in .venv/.setup-stamp-*.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE=dev
BROWSER=0
SERVER=0
for arg in "$@"; do
  case "$arg" in
    --runtime) MODE=runtime ;;
    --browser) BROWSER=1 ;;
    --server) SERVER=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup: unknown option: $arg" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*"; }
START=$SECONDS

# Serialise concurrent runs (e.g. serve.sh and test.sh started together).
if command -v flock >/dev/null 2>&1; then
  LOCK="${TMPDIR:-/tmp}/bulletin-setup-$(printf '%s' "$ROOT" | sha256sum | cut -c1-16).lock"
  exec 9>"$LOCK"
  flock 9
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install -y $*"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

hash_files() {  # hash of the named files' contents (a missing file hashes as "missing")
  local f
  for f in "$@"; do
    if [ -f "$f" ]; then echo "$f $(sha256sum < "$f" | cut -d' ' -f1)"; else echo "$f missing"; fi
  done | sha256sum | cut -d' ' -f1
}

# --- Python virtual environment -------------------------------------------------------
PY="$(command -v python3.11 || command -v python3 || true)"
if [ -z "$PY" ]; then
  apt_install python3 python3-venv
  PY="$(command -v python3)"
fi
# Debian's python3 needs python3-venv (ensurepip) to create virtual environments.
if [ ! -x .venv/bin/python ] && ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt_install python3-venv
fi
VPY=".venv/bin/python"
if [ -x "$VPY" ] && ! "$VPY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  say ".venv is broken or not Python 3.11: recreating it"
  rm -rf .venv
fi
if [ ! -x "$VPY" ]; then
  say "creating .venv with $("$PY" --version 2>&1) ($PY)"
  "$PY" -m venv .venv
fi

PIP=("$VPY" -m pip --disable-pip-version-check --no-input)
pip_install() {
  say "pip install $*"
  # This machine's pip config lists local file:// indexes that lack most projects; pip
  # warns once per project about them. Drop only those lines, keep every other message.
  "${PIP[@]}" install -q "$@" 2> >(grep -v "^WARNING: Location 'file:" >&2 || true)
}
STAMP_RT=.venv/.setup-stamp-runtime
STAMP_DEV=.venv/.setup-stamp-dev
HASH_RT="$(hash_files requirements.txt)"
HASH_DEV="$(hash_files requirements.txt requirements-dev.txt)"
stamp_is() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

if [ "$MODE" = dev ]; then
  if stamp_is "$STAMP_DEV" "$HASH_DEV"; then
    say "requirements-dev.txt already installed (unchanged)"
  else
    pip_install -r requirements-dev.txt
    echo "$HASH_DEV" > "$STAMP_DEV"
    echo "$HASH_RT" > "$STAMP_RT"
  fi
else
  if stamp_is "$STAMP_RT" "$HASH_RT" || stamp_is "$STAMP_DEV" "$HASH_DEV"; then
    say "requirements.txt already installed (unchanged)"
  else
    pip_install -r requirements.txt
    echo "$HASH_RT" > "$STAMP_RT"
  fi
fi

# --- The project's own package (hooks/bulletin), editable -------------------------------
STAMP_PKG=.venv/.setup-stamp-editable
if [ -f pyproject.toml ]; then
  HASH_PKG="$(hash_files pyproject.toml)"
  if stamp_is "$STAMP_PKG" "$HASH_PKG" \
     && "$VPY" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("bulletin") is None)' 2>/dev/null; then
    say "bulletin package already installed in editable mode (pyproject.toml unchanged)"
  else
    pip_install -e . --no-deps
    echo "$HASH_PKG" > "$STAMP_PKG"
  fi
else
  say "no pyproject.toml yet: skipping the editable install of the bulletin package"
fi

# --- npm packages: the web editor (Decap CMS, decap-server, js-yaml; copied into the built site) --
# and axe-core for the browser tests, all pinned in package-lock.json. Every mode needs them: the
# build copies the web editor from node_modules/ (no CDN).
STAMP_NPM=node_modules/.setup-stamp
HASH_NPM="$(hash_files package.json package-lock.json)"
if [ -f node_modules/decap-cms/dist/decap-cms.js ] && [ -f node_modules/axe-core/axe.min.js ] \
   && stamp_is "$STAMP_NPM" "$HASH_NPM"; then
  say "node_modules up to date (decap-cms $(sed -n 's/^  "version": "\(.*\)",$/\1/p' node_modules/decap-cms/package.json), axe-core $(sed -n 's/^  "version": "\(.*\)",$/\1/p' node_modules/axe-core/package.json))"
else
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$HASH_NPM" > "$STAMP_NPM"
fi

# --- Browser tooling: Debian chromium -------------------------------------------------------
if [ "$BROWSER" -eq 1 ]; then
  if [ -x /usr/bin/chromium ]; then
    say "chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '/usr/bin/chromium'))"
  else
    apt_install chromium
  fi
fi

# --- Web server tooling: Debian nginx (+ brotli_static) and wrk -----------------------------
# tests/deploy/ start the real nginx with deploy/nginx/bantin.conf; bench/publish_load.py uses wrk.
if [ "$SERVER" -eq 1 ]; then
  if [ -x /usr/sbin/nginx ] && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] \
     && command -v wrk >/dev/null 2>&1; then
    say "nginx present ($(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //')), brotli module and wrk present"
  else
    apt_install nginx libnginx-mod-http-brotli-static wrk
  fi
  # Debian starts the packaged nginx on port 80 where it can; the tests run their own.
fi

say "done in $((SECONDS - START))s"
