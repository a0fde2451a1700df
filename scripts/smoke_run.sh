#!/usr/bin/env bash
# Smoke test of the README's run command: start scripts/run.sh in the background, wait for
# /healthz 200, log a candidate in (POST /api/mp/v1/session with dev:…) and read their
# invitations, then stop it. PORT, WECHAT_EMULATOR_PORT and DINGTALK_EMULATOR_PORT are honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5000}
base="http://127.0.0.1:$PORT"
log=$(mktemp -t run-smoke.XXXXXX.log)
echo "smoke: starting scripts/run.sh on port $PORT (log $log)"
setsid scripts/run.sh >"$log" 2>&1 </dev/null &
pgid=$!
stop() { kill -TERM -- "-$pgid" 2>/dev/null || true; sleep 1; kill -KILL -- "-$pgid" 2>/dev/null || true; }
trap stop EXIT

fail() { echo "smoke: FAILED: $*"; echo "--- run.sh output ---"; tail -n 60 "$log"; exit 1; }
deadline=$(($(date +%s) + ${SMOKE_TIMEOUT_S:-900}))  # a fresh clone installs its venv first
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ]; do
  kill -0 "$pgid" 2>/dev/null || fail "scripts/run.sh exited before serving"
  [ "$(date +%s)" -lt "$deadline" ] || fail "no /healthz 200 within ${SMOKE_TIMEOUT_S:-900} s"
  sleep 2
done
echo "smoke: /healthz 200"
session=$(curl -s -w '\n%{http_code}' -X POST "$base/api/mp/v1/session" \
  -H 'Content-Type: application/json' -d '{"code": "dev:demo-candidate"}')
[ "$(tail -n1 <<<"$session")" = 200 ] || fail "POST /api/mp/v1/session: $session"
token=$(head -n1 <<<"$session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
invitations=$(curl -s -w '\n%{http_code}' "$base/api/mp/v1/invitations" -H "Authorization: Bearer $token")
[ "$(tail -n1 <<<"$invitations")" = 200 ] || fail "GET /api/mp/v1/invitations: $invitations"
count=$(head -n1 <<<"$invitations" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$count" -ge 1 ] || fail "the demo candidate has no invitation"
echo "smoke: candidate login 200, $count invitation(s) listed"
admin=$(curl -s -o /dev/null -w '%{http_code}' "$base/admin/login")
[ "$admin" = 200 ] || fail "GET /admin/login: $admin"
echo "smoke: admin page login form 200"
stop
trap - EXIT
echo "smoke: run command OK"
