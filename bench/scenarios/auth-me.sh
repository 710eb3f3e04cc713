#!/usr/bin/env bash
# Scenario: GET /api/v1/auth/me with a doctor's bearer token, on the real app (--demo, SQLite).
# Target: at least 12% of bare ASP.NET Core's /json throughput on this machine (auth, token
# validation and one user lookup per request cost something, but not 10x more).
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

data="$BENCH_TMP/data"
mkdir -p "$data"
password='Bench-Demo-Pa55!'
[ -f "$BENCH_APP_DLL" ] || die "app not built: $BENCH_APP_DLL"

# From its own folder, so that the app finds its appsettings.json (content root = working folder).
(
  cd "$(dirname "$BENCH_APP_DLL")"
  # ASPNETCORE_URLS too: never fall back to the default port 5000, which someone else may be using.
  KENEYAPP_DATA_DIR=$data KENEYAPP_DEMO_PASSWORD=$password ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS=$BENCH_APP_URL RateLimiting__Enabled=false exec dotnet "$(basename "$BENCH_APP_DLL")" --demo --urls "$BENCH_APP_URL"
) >"$BENCH_TMP/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT

# First start: migrations and demo data.
wait_http "$BENCH_APP_URL/health" 120 "$app" || { tail -n 30 "$BENCH_TMP/app.log" >&2; exit 1; }

login=$(curl -fsS --max-time 30 "$BENCH_APP_URL/api/v1/auth/login" \
  --data-urlencode "username=dr.martin@demo.keneyapp.test" --data-urlencode "password=$password") ||
  die "login failed: POST /api/v1/auth/login"
token=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' <<<"$login")
[ -n "$token" ] || die "no access_token in the login answer"
# A rejected token is answered fast too: check it works before measuring.
curl -fsS --max-time 10 -o /dev/null -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/auth/me"

read -r rps p99 <<<"$(wrk_measure "$BENCH_APP_URL/api/v1/auth/me" -H "Authorization: Bearer $token")"
echo "auth_me|$rps|req/s|bare_json|0.12"
echo "auth_me_p99|$p99|ms||"
