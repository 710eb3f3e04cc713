#!/usr/bin/env bash
# Scenario: GET /api/v1/auth/me with a doctor's bearer token, on the real app (--demo), on SQLite and on
# PostgreSQL. Target on SQLite: at least 12% of bare ASP.NET Core's /json throughput on this machine (auth,
# token validation, the session check and one user lookup per request cost something, but not 10x more).
# On PostgreSQL the figure is informative: it judges the Npgsql connection settings (DataSetup).
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

measure_me() {
  local token
  token=$(token_of dr.martin@demo.keneyapp.test)
  [ -n "$token" ] || die "login failed: POST /api/v1/auth/login"
  # A rejected token is answered fast too: check it works before measuring.
  curl -fsS --max-time 10 -o /dev/null -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/auth/me"
  wrk_measure "$BENCH_APP_URL/api/v1/auth/me" -H "Authorization: Bearer $token"
}

start_demo_app
read -r rps p99 <<<"$(measure_me)"
echo "auth_me|$rps|req/s|bare_json|0.12"
echo "auth_me_p99|$p99|ms||"
stop_demo_app

database="auth_me_$$"
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$BENCH_POSTGRES")
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE $database" >&2
start_demo_app DATABASE_URL="${BENCH_POSTGRES/Database=postgres/Database=$database}"
read -r rps p99 <<<"$(measure_me)"
echo "auth_me_postgres|$rps|req/s|bare_json|"
echo "auth_me_postgres_p99|$p99|ms||"
