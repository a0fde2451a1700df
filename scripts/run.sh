#!/usr/bin/env bash
# Runs the product on its embedded default: SQLite under instance/, jobs inline, demo data,
# development login (dev:<openid>) on, and local WeChat/DingTalk emulators that record every
# message sent (http://127.0.0.1:8901/_emulator/messages, http://127.0.0.1:8902/_emulator/messages).
# Ports: PORT (app, default 5000), WECHAT_EMULATOR_PORT (8901), DINGTALK_EMULATOR_PORT (8902).
# DINGTALK_MODE=stream also runs `flask dingtalk-stream` against the emulator's Stream gateway
# (send it robot messages with POST :8902/_emulator/stream/robot {"text", "sender_staff_id"}).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export APP_ENV=development WECHAT_DEV_LOGIN=1 FLASK_APP=wsgi
PORT=${PORT:-5000}
export WECHAT_EMULATOR_PORT=${WECHAT_EMULATOR_PORT:-8901}
export DINGTALK_EMULATOR_PORT=${DINGTALK_EMULATOR_PORT:-8902}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}
export ADMIN_BASE_URL=${ADMIN_BASE_URL:-http://127.0.0.1:$PORT/admin}
export WECHAT_API_BASE_URL=${WECHAT_API_BASE_URL:-http://127.0.0.1:$WECHAT_EMULATOR_PORT}
export DINGTALK_API_BASE_URL=${DINGTALK_API_BASE_URL:-http://127.0.0.1:$DINGTALK_EMULATOR_PORT}
export DINGTALK_OPENAPI_BASE_URL=${DINGTALK_OPENAPI_BASE_URL:-$DINGTALK_API_BASE_URL}
export DINGTALK_MODE=${DINGTALK_MODE:-http}
mkdir -p instance  # the SQLite file and encrypted uploads live here (git ignores it)
.venv/bin/flask db upgrade

# The emulators start first, so the demo's messages are delivered to them and recorded.
.venv/bin/python -m bots.emulators &
emulators=$!
stream=""
trap 'kill $emulators $stream 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 50); do
  curl -s -o /dev/null "$WECHAT_API_BASE_URL/_emulator/messages" && break
  sleep 0.2
done
.venv/bin/flask seed-demo
if [ "$DINGTALK_MODE" = stream ]; then
  .venv/bin/flask dingtalk-stream &
  stream=$!
fi

echo "serving on http://127.0.0.1:$PORT  (health: /healthz, API: /openapi.json)"
echo "admin page: http://127.0.0.1:$PORT/admin/  (log in as admin / demo-pass-2026)"
.venv/bin/flask run --host 127.0.0.1 --port "$PORT"
