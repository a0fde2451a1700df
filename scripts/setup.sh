#!/usr/bin/env bash
# Installs what the product needs on a fresh Debian machine: system packages and a venv.
# With --dev (scripts/test.sh) it also installs requirements-dev.txt, the test tools.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(ffmpeg espeak-ng sox fonts-wqy-microhei poppler-utils)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: please install these Debian packages as root: ${missing[*]}" >&2
    exit 1
  fi
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python 3.11 or newer is required (found $("$PYTHON" --version))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
# install STAMP CHECK FILE [INCLUDED…]: pip-install FILE when it or a file it includes changed
# since the last successful install (their hash is kept in STAMP); CHECK must then run.
install() {
  local stamp=$1 check=$2 file=$3 want
  want=$(cat "${@:3}" | sha256sum | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  echo "setup: installing Python packages from $file (first time takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -m pip install -q -r "$file" 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -c "$check" || { echo "setup: Python packages did not install" >&2; exit 1; }
  echo "$want" >"$stamp"
}
install .venv/.requirements.sha256 'import flask, rq, paddle, rapidocr_paddle, paddlespeech' \
  requirements.txt
# Test and development tools (pytest, ruff, fpdf2, statsmodels …): only scripts/test.sh asks.
if [ "${1:-}" = "--dev" ]; then
  install .venv/.requirements-dev.sha256 'import pytest, fpdf, openapi_spec_validator, statsmodels, fairlearn, playwright' \
    requirements-dev.txt requirements.txt
fi
