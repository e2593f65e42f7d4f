#!/usr/bin/env bash
# Fuzz the REST API with schemathesis: a live portal on a free port with a fresh SQLite
# database (migrated, demo seeded), an API token of a demo user, then every operation of
# /api/schema/ with generated requests, failing on any 5xx answer.
#
#   scripts/fuzz.sh                       (make fuzz)
#   FUZZ_MAX_EXAMPLES=50 FUZZ_SEED=1 scripts/fuzz.sh -k ...   extra arguments go to schemathesis
#
# FUZZ_DATABASE_URL: run against that (empty) database instead of a fresh SQLite file.
# FUZZ_USER / FUZZ_PASSWORD: whose token (default prov.pm, a provider program manager).
# FUZZ_CHECKS: schemathesis checks (default not_a_server_error). The server's log, with the
# traceback of every 500, and schemathesis's reports stay in the printed directory; examples
# that failed are kept in var/fuzz-examples and tried first next time.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=.venv/bin
PY=$BIN/python
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-20}
CHECKS=${FUZZ_CHECKS:-not_a_server_error}
USER_NAME=${FUZZ_USER:-prov.pm}
USER_PASSWORD=${FUZZ_PASSWORD:-pmo-demo-2026}

test -x "$BIN/schemathesis" || {
    echo "schemathesis is not installed: make install (it is in the dev extras)." >&2
    exit 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pmo-fuzz.XXXXXX")
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

# A database, files and email of its own: nothing of var/ is touched, no login lock-out
# carries over from an earlier run.
# FUZZ_DATABASE_URL: another (empty) database, e.g. a PostgreSQL one made for the run.
export DATABASE_URL="${FUZZ_DATABASE_URL:-sqlite:///$WORK/fuzz.sqlite3}"
export MEDIA_ROOT="$WORK/media"
export EMAIL_URL="memorymail://"
export CELERY_BROKER_URL=""
export LOG_LEVEL=WARNING
# The run makes thousands of requests as one person: the API's rate limits would answer most
# of them 429 before the operation is reached.
export API_THROTTLE_USER=1000000/hour
export API_THROTTLE_ANON=1000000/hour

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT

echo "fuzz: preparing a fresh database in $WORK"
$PY manage.py migrate --noinput >"$WORK/migrate.log"
$PY manage.py seed_demo >"$WORK/seed.log"

$PY manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 60); do
    if curl -fsS -o /dev/null "$BASE/api/schema/" 2>/dev/null; then break; fi
    sleep 0.5
done

TOKEN=$(curl -fsS -X POST "$BASE/api/auth/token/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$USER_NAME\", \"password\": \"$USER_PASSWORD\"}" |
    $PY -c 'import json, sys; print(json.load(sys.stdin)["token"])')

echo "fuzz: $BASE/api/schema/ as $USER_NAME, up to $MAX_EXAMPLES examples an operation"
status=0
$BIN/schemathesis run "$BASE/api/schema/" \
    --url "$BASE" \
    --header "Authorization: Token $TOKEN" \
    --checks "$CHECKS" \
    --max-examples "$MAX_EXAMPLES" \
    --workers 1 \
    --generation-database var/fuzz-examples \
    --report junit,ndjson --report-dir "$WORK/report" \
    ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
    "$@" || status=$?

requests=$(grep -cE '"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) ' "$WORK/server.log" || true)
fives=$(grep -cE '" 5[0-9]{2} ' "$WORK/server.log" || true)
echo "fuzz: the server answered $requests requests, $fives of them 5xx (log: $WORK/server.log)"
exit "$status"
