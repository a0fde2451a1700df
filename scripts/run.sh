#!/usr/bin/env bash
# Runs the product on its embedded default: SQLite under instance/, jobs inline, demo data,
# development login (dev:<openid>) on, and local WeChat/DingTalk emulators that record every
# message sent (http://127.0.0.1:8901/_emulator/messages, http://127.0.0.1:8902/_emulator/messages).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export APP_ENV=development WECHAT_DEV_LOGIN=1 FLASK_APP=wsgi
PORT=${PORT:-5000}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}
.venv/bin/flask db upgrade
.venv/bin/flask seed-demo

.venv/bin/python -m bots.emulators &
emulators=$!
trap 'kill $emulators 2>/dev/null || true' EXIT INT TERM
echo "serving on http://127.0.0.1:$PORT  (health: /healthz, API: /openapi.json)"
.venv/bin/flask run --host 127.0.0.1 --port "$PORT"
