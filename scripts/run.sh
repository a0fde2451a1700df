#!/usr/bin/env bash
# Runs the product on its embedded default: SQLite under instance/, jobs inline, demo data,
# development login (dev:<openid>) on, WeChat/DingTalk messages recorded by local emulators.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export APP_ENV=development WECHAT_DEV_LOGIN=1 FLASK_APP=wsgi
PORT=${PORT:-5000}
.venv/bin/flask db upgrade
.venv/bin/flask seed-demo
echo "serving on http://127.0.0.1:$PORT  (health: /healthz, API: /openapi.json)"
exec .venv/bin/flask run --host 127.0.0.1 --port "$PORT"
