#!/usr/bin/env bash
# Scenario: patient search over 10,000 patients of one clinic on SQLite (issue 3: under 100 ms).
# Rows are inserted straight into the database (names, birth dates, phones, e-mails; no clinical text), then
# GET /api/v1/patients?q=… is measured one request at a time (latency) and at 32 connections (throughput).
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

data="$BENCH_TMP/data"
mkdir -p "$data"
password='Bench-Demo-Pa55!'
[ -f "$BENCH_APP_DLL" ] || die "app not built: $BENCH_APP_DLL"

(
  cd "$(dirname "$BENCH_APP_DLL")"
  KENEYAPP_DATA_DIR=$data KENEYAPP_DEMO_PASSWORD=$password ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS=$BENCH_APP_URL RateLimiting__Enabled=false exec dotnet "$(basename "$BENCH_APP_DLL")" --demo --urls "$BENCH_APP_URL"
) >"$BENCH_TMP/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT
wait_http "$BENCH_APP_URL/health" 120 "$app" || { tail -n 30 "$BENCH_TMP/app.log" >&2; exit 1; }

/usr/bin/python3 "$(dirname "$0")/seed_patients.py" "$data/keneyapp.db" 10000 >&2

login=$(curl -fsS --max-time 30 "$BENCH_APP_URL/api/v1/auth/login" \
  --data-urlencode "username=dr.martin@demo.keneyapp.test" --data-urlencode "password=$password") || die "login failed"
token=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' <<<"$login")
[ -n "$token" ] || die "no access_token in the login answer"
total=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/patients?limit=1" | tr -d '\r' |
  sed -n 's/^[Xx]-[Tt]otal-[Cc]ount: *//p')
[ "${total:-0}" -ge 10000 ] || die "expected at least 10000 patients, the API counts ${total:-none}"

# A name prefix that matches a few dozen patients: the common case at the front desk.
url="$BENCH_APP_URL/api/v1/patients?q=mart%20lu"
read -r _ p99_one <<<"$(WRK_ARGS=(-t1 -c1 --latency); wrk_measure "$url" -H "Authorization: Bearer $token")"
read -r rps _ <<<"$(wrk_measure "$url" -H "Authorization: Bearer $token")"
echo "patient_search_p99_c1|$p99_one|ms|max|100"
echo "patient_search|$rps|req/s||"
