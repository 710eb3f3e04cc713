# Helpers for bench/run.sh and the scenarios (sourced). Load goes to 127.0.0.1 only, bounded in time.
# shellcheck source=../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# Same load shape for every HTTP measurement, so that ratios compare like with like.
WRK_ARGS=(-t2 -c32 --latency)
BENCH_DURATION=${BENCH_DURATION:-10s}
# Long enough for tiered JIT to reach optimised code on a real app (3 s measured a third of steady state).
BENCH_WARMUP=${BENCH_WARMUP:-10s}

# wait_http URL SECONDS [PID]: until URL answers 2xx; gives up early if PID has exited.
wait_http() {
  local url=$1 deadline=$((SECONDS + $2)) pid=${3:-}
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $url answered" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out waiting for $url" >&2
      return 1
    fi
    sleep 0.5
  done
}

# wrk_measure URL [wrk args...]: warm-up (JIT, pools; BENCH_WARMUP), then the measured run.
# Prints "<requests per second> <p99 latency in ms>"; fails if any response was not 2xx/3xx,
# since an error page is fast and would flatter the numbers.
wrk_measure() {
  local url=$1
  shift
  local out
  wrk "${WRK_ARGS[@]}" -d"$BENCH_WARMUP" "$@" "$url" >/dev/null
  out=$(wrk "${WRK_ARGS[@]}" -d"$BENCH_DURATION" "$@" "$url")
  echo "$out" >&2
  if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
    echo "wrk: some responses were errors, not measuring $url" >&2
    return 1
  fi
  awk '
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v
    }
    END { if (rps == "" || p99 == "") exit 1; printf "%.0f %.2f\n", rps, p99 }' <<<"$out"
}

# --- the real app, for scenarios ---------------------------------------------------------------------------
BENCH_DEMO_PASSWORD='Bench-Demo-Pa55!'

# start_demo_app [VAR=value ...]: the built app with --demo at BENCH_APP_URL (rate limits off, data in
# BENCH_TMP/data, SQLite unless DATABASE_URL=… is given), stopped when the scenario exits; waits for /health.
start_demo_app() {
  [ -f "$BENCH_APP_DLL" ] || die "app not built: $BENCH_APP_DLL"
  mkdir -p "$BENCH_TMP/data"
  # From its own folder, so that the app finds its appsettings.json (content root = working folder).
  # ASPNETCORE_URLS too: never fall back to the default port 5000, which someone else may be using.
  (
    cd "$(dirname "$BENCH_APP_DLL")" || exit 1
    exec env KENEYAPP_DATA_DIR="$BENCH_TMP/data" KENEYAPP_DEMO_PASSWORD="$BENCH_DEMO_PASSWORD" ASPNETCORE_ENVIRONMENT=Development \
      ASPNETCORE_URLS="$BENCH_APP_URL" RateLimiting__Enabled=false "$@" dotnet "$(basename "$BENCH_APP_DLL")" --demo --urls "$BENCH_APP_URL"
  ) >"$BENCH_TMP/app.log" 2>&1 &
  BENCH_APP_PID=$!
  trap stop_demo_app EXIT
  # First start: migrations and demo data.
  wait_http "$BENCH_APP_URL/health" 120 "$BENCH_APP_PID" || { tail -n 30 "$BENCH_TMP/app.log" >&2; exit 1; }
}

# stop_demo_app: stops the app start_demo_app started (to start it again on another database).
stop_demo_app() {
  kill "$BENCH_APP_PID" 2>/dev/null || true
  wait "$BENCH_APP_PID" 2>/dev/null || true
}

# token_of EMAIL: a demo account's access token (empty if the login failed).
token_of() {
  curl -fsS --max-time 30 "$BENCH_APP_URL/api/v1/auth/login" --data-urlencode "username=$1" \
    --data-urlencode "password=$BENCH_DEMO_PASSWORD" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}

# id_of TOKEN: the user id of that token's account.
id_of() { curl -fsS -H "Authorization: Bearer $1" "$BENCH_APP_URL/api/v1/auth/me" | sed -n 's/.*"id" *: *\([0-9]*\).*/\1/p'; }
