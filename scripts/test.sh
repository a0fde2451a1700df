#!/usr/bin/env bash
# Runs the whole suite on both backends:
#   1. SQLite with jobs inline (the embedded default);
#   2. MariaDB/MySQL with Redis and real RQ worker processes.
# Uses MariaDB (127.0.0.1:3306, root, database `test`) and Redis (127.0.0.1:6379) when they
# answer, starts them when they are installed but stopped, and says which backends ran.
# Extra arguments go to pytest. In CI (CI=true) both backends must run.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev || exit 1  # with the test-only packages of requirements-dev.txt
# The admin page's browser tests drive Debian's Chromium (playwright never downloads one).
TEST_DEBIAN_PACKAGES=(chromium chromium-driver fonts-wqy-microhei)
test_missing=()
for pkg in "${TEST_DEBIAN_PACKAGES[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || test_missing+=("$pkg"); done
if ((${#test_missing[@]})); then
  echo "test: installing Debian packages: ${test_missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${test_missing[@]}" >/dev/null \
    || { echo "test: could not install ${test_missing[*]}" >&2; exit 1; }
fi
# Screenshots of the browser tests (the admin page on a desktop and a 390 px phone).
export ADMIN_SCREENSHOT_DIR=${ADMIN_SCREENSHOT_DIR:-$PWD/test-artifacts/screenshots}
echo "test: admin page screenshots go to $ADMIN_SCREENSHOT_DIR"

PY=.venv/bin/python
MYSQL_URL=${TEST_MYSQL_URL:-mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4}
REDIS_URL=${TEST_REDIS_SERVER_URL:-redis://127.0.0.1:6379/15}

mysql_up() {
  $PY - "$MYSQL_URL" <<'PY' >/dev/null 2>&1
import sys
from sqlalchemy import create_engine, text
with create_engine(sys.argv[1], connect_args={"connect_timeout": 2}).connect() as c:
    c.execute(text("SELECT 1"))
PY
}
redis_up() { $PY -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$REDIS_URL" >/dev/null 2>&1; }
wait_for() { for _ in $(seq 1 30); do "$1" && return 0; sleep 1; done; return 1; }

if ! mysql_up && [ -x /usr/sbin/mariadbd ]; then
  echo "test: MariaDB is installed but not answering; starting it"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
  wait_for mysql_up || echo "test: MariaDB did not come up"
fi
if ! redis_up && command -v redis-server >/dev/null; then
  echo "test: Redis is installed but not answering; starting it"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/redis-test.log >/dev/null 2>&1 || true
  wait_for redis_up || echo "test: Redis did not come up"
fi

echo "test: ruff check"
.venv/bin/ruff check app bots miniprogram_api scoring wsgi.py || exit 1

results=()
status=0
run_pass() {  # name, then env assignments, then pytest args
  local name=$1; shift
  local xml; xml=$(mktemp --suffix=.xml)
  echo; echo "=== test pass: $name ==="
  env "$@" --junitxml="$xml"
  local rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=1; fi
  results+=("$name|$rc|$xml")
}

run_pass "sqlite + inline jobs" TEST_DATABASE_URL= TEST_REDIS_URL= $PY -m pytest "$@"

if mysql_up && redis_up; then
  run_pass "mariadb + redis + rq worker" TEST_DATABASE_URL="$MYSQL_URL" TEST_REDIS_URL="$REDIS_URL" \
    $PY -m pytest -m "backend" "$@"
else
  echo "test: MariaDB and/or Redis unavailable: the mariadb + redis + rq worker pass did NOT run"
  results+=("mariadb + redis + rq worker|not run|")
  if [ "${CI:-}" = "true" ]; then status=1; fi
fi

# The fuzz stage: schemathesis against the live app (gunicorn, SQLite, inline jobs), every
# check, four identities. It runs with the whole suite (no pytest arguments) or with FUZZ=1.
if [ "${FUZZ:-}" = 1 ] || { [ $# -eq 0 ] && [ "${FUZZ:-}" != 0 ]; }; then
  echo; echo "=== fuzz stage: schemathesis on the live app (SQLite + inline jobs) ==="
  xml=$(mktemp --suffix=.xml)
  $PY -m tests.fuzz.run_fuzz --junit "$xml"
  rc=$?
  [ $rc -eq 0 ] || status=1
  results+=("fuzz (schemathesis, 4 identities)|$rc|$xml")
fi

echo; echo "=== backends ==="
$PY - "${results[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET
totals = {"passed": 0, "failed": 0, "skipped": 0}
for entry in sys.argv[1:]:
    name, rc, path = entry.split("|")
    if not path:
        print(f"{name}: not run")
        continue
    suite = ET.parse(path).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    passed = tests - failures - errors - skipped
    totals["passed"] += passed; totals["failed"] += failures + errors; totals["skipped"] += skipped
    print(f"{name}: {passed} passed, {failures + errors} failed, {skipped} skipped (pytest exit {rc})")
print(f"total: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
PY
exit $status
