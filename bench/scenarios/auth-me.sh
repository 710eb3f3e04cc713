#!/usr/bin/env bash
# Scenario: GET /api/v1/auth/me with a doctor's bearer token, on the real app (--demo, SQLite).
# Target: at least 12% of bare ASP.NET Core's /json throughput on this machine (auth, token
# validation and one user lookup per request cost something, but not 10x more).
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

start_demo_app
token=$(token_of dr.martin@demo.keneyapp.test)
[ -n "$token" ] || die "login failed: POST /api/v1/auth/login"
# A rejected token is answered fast too: check it works before measuring.
curl -fsS --max-time 10 -o /dev/null -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/auth/me"

read -r rps p99 <<<"$(wrk_measure "$BENCH_APP_URL/api/v1/auth/me" -H "Authorization: Bearer $token")"
echo "auth_me|$rps|req/s|bare_json|0.12"
echo "auth_me_p99|$p99|ms||"
