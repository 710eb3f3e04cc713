#!/usr/bin/env bash
# Scenario: patient search over 10,000 patients of one clinic on SQLite (issue 3: under 100 ms).
# Rows are inserted straight into the database (names, birth dates, phones, e-mails; no clinical text), then
# GET /api/v1/patients?q=… is measured one request at a time (latency) and at 32 connections (throughput).
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

start_demo_app

/usr/bin/python3 "$(dirname "$0")/seed_patients.py" "$BENCH_TMP/data/keneyapp.db" 10000 >&2

token=$(token_of dr.martin@demo.keneyapp.test)
[ -n "$token" ] || die "login failed"
total=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/patients?limit=1" | tr -d '\r' |
  sed -n 's/^[Xx]-[Tt]otal-[Cc]ount: *//p')
[ "${total:-0}" -ge 10000 ] || die "expected at least 10000 patients, the API counts ${total:-none}"

# A name prefix that matches a few dozen patients: the common case at the front desk.
url="$BENCH_APP_URL/api/v1/patients?q=mart%20lu"
read -r _ p99_one <<<"$(WRK_ARGS=(-t1 -c1 --latency); wrk_measure "$url" -H "Authorization: Bearer $token")"
read -r rps _ <<<"$(wrk_measure "$url" -H "Authorization: Bearer $token")"
echo "patient_search_p99_c1|$p99_one|ms|max|100"
echo "patient_search|$rps|req/s||"
