#!/usr/bin/env bash
# Measures this machine's baselines (bare ASP.NET Core, pgbench, openssl), then runs every executable
# bench/scenarios/*.sh (or only those named: bench/run.sh messaging auth-me) and prints one Markdown table. Exits 1 if a scenario errs or misses its target.
# Format of a scenario's output lines and its environment: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1

BENCH_TMP=$(mktemp -d /tmp/keneyapp-bench.XXXXXX)
BARE_PID=""
cleanup() {
  if [ -n "$BARE_PID" ]; then
    kill "$BARE_PID" 2>/dev/null || true
  fi
  pg_stop
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

declare -A BASE # baseline name -> value
ROWS=()         # name|value|unit|baseline_name|target_ratio, baselines first

baseline() { # name value unit
  BASE[$1]=$2
  ROWS+=("$1|$2|$3||")
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "load before start: $LOAD_BEFORE (other work skews the numbers)"

phase install
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v openssl >/dev/null || apt_install openssl
[ -x "$PG_BIN/pgbench" ] || apt_install postgresql-15

phase build
dotnet build bench/BareApi -c Release -v q -nologo
# The scenarios need the app; if it does not build, they report an error row and the baselines still run.
APP_DLL="$PWD/src/KeneyApp/bin/Release/net10.0/KeneyApp.dll"
dotnet build src/KeneyApp -c Release -v q -nologo || { echo "KeneyApp does not build" >&2; rm -f "$APP_DLL"; }

phase bare-aspnetcore
port=$(free_port)
ASPNETCORE_ENVIRONMENT=Production dotnet bench/BareApi/bin/Release/net10.0/BareApi.dll \
  --urls "http://127.0.0.1:$port" >"$BENCH_TMP/bare.log" 2>&1 &
BARE_PID=$!
wait_http "http://127.0.0.1:$port/json" 60 "$BARE_PID"
read -r rps p99 <<<"$(wrk_measure "http://127.0.0.1:$port/json")"
baseline bare_json "$rps" req/s
baseline bare_json_p99 "$p99" ms
read -r rps p99 <<<"$(wrk_measure "http://127.0.0.1:$port/drain" -s bench/drain.lua)"
baseline bare_drain "$rps" req/s
baseline bare_drain_p99 "$p99" ms
kill "$BARE_PID"
wait "$BARE_PID" 2>/dev/null || true
BARE_PID=""

phase pgbench
# Durable, as a clinic runs it. BENCH_POSTGRES_MODE=fast (fsync off…) only reproduces figures measured before
# that rule: a commit measured there never reached the disk.
BENCH_POSTGRES_MODE=${BENCH_POSTGRES_MODE:-durable}
pg_start "$BENCH_POSTGRES_MODE"
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE bench"
pgbench() { "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@" bench; }
pgbench -i -s 10 -q 2>&1 | tail -1
tps() { awk '/^tps = / { printf "%.0f\n", $3 }'; }
baseline pgbench_select "$(pgbench -S -c 8 -j 2 -T 15 | tps)" tps
baseline pgbench_simple_update "$(pgbench -N -c 8 -j 2 -T 15 | tps)" tps

phase openssl
# -mr prints "+F:<n>:<algorithm>:<bytes per second>" for the one block size asked for.
speed() { openssl speed -evp "$1" -bytes 16384 -seconds 3 -mr 2>/dev/null | awk -F: '/^\+F:/ { printf "%.0f\n", $4 / 1e6 }'; }
baseline aes_256_gcm "$(speed aes-256-gcm)" MB/s
baseline sha256 "$(speed sha256)" MB/s

phase scenarios
for script in bench/scenarios/*.sh; do
  [ -x "$script" ] || continue
  name=$(basename "$script" .sh)
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then
    continue
  fi
  echo "--- scenario $name"
  mkdir -p "$BENCH_TMP/$name"
  out=$(BENCH_ROOT=$PWD BENCH_LIB=$PWD/bench/lib.sh BENCH_TMP=$BENCH_TMP/$name BENCH_APP_DLL=$APP_DLL \
    BENCH_APP_URL="http://127.0.0.1:$(free_port)" BENCH_POSTGRES=$PG_URL BENCH_DURATION=$BENCH_DURATION \
    timeout 600 "$script") || echo "scenario $name exited with an error" >&2
  row_re='^[^|]+\|[0-9.]+\|[^|]*\|[^|]*\|[0-9.]*$'
  [ -z "$out" ] || grep -vE "$row_re" <<<"$out" >&2 || true # other lines a scenario prints are log
  rows=$(grep -E "$row_re" <<<"$out" || true)
  if [ -z "$rows" ]; then
    ROWS+=("$name|error|||fail")
  else
    mapfile -t -O "${#ROWS[@]}" ROWS <<<"$rows"
  fi
done
phase_recap

# One Markdown table; ratio = value / baseline, a row passes when ratio >= target.
table=$(
  echo "PostgreSQL: $BENCH_POSTGRES_MODE; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); load before: $LOAD_BEFORE"
  echo
  echo "| scenario | value | unit | baseline | ratio | target | result |"
  echo "| --- | ---: | --- | --- | ---: | ---: | --- |"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name value unit base target <<<"$row"
    if [ "$target" = fail ]; then
      echo "| $name | error | | | | | fail |"
    elif [ "$base" = ratio ]; then
      # A ratio the scenario measured against its own baseline, in the same run: passes when value >= target.
      awk -v n="$name" -v v="$value" -v u="$unit" -v t="$target" \
        'BEGIN { printf "| %s | %s | %s | own baseline | %s | %s | %s |\n", n, v, u, v, t, (v >= t ? "pass" : "fail") }'
    elif [ "$base" = max ]; then
      # An absolute ceiling (lower is better), e.g. a latency budget: passes when value <= target.
      awk -v n="$name" -v v="$value" -v u="$unit" -v t="$target" \
        'BEGIN { printf "| %s | %s | %s | ceiling | - | <= %s | %s |\n", n, v, u, t, (v <= t ? "pass" : "fail") }'
    elif [ "$base" = min ]; then
      # An absolute floor (higher is better), e.g. a rate the customer asked for: passes when value >= target.
      awk -v n="$name" -v v="$value" -v u="$unit" -v t="$target" \
        'BEGIN { printf "| %s | %s | %s | floor | - | >= %s | %s |\n", n, v, u, t, (v >= t ? "pass" : "fail") }'
    elif [ -z "$base" ] || [ -z "$target" ]; then
      kind=$([ -n "${BASE[$name]:-}" ] && echo baseline || echo info)
      echo "| $name | $value | $unit | - | - | - | $kind |"
    elif [ -z "${BASE[$base]:-}" ]; then
      echo "| $name | $value | $unit | $base (unknown) | | $target | fail |"
    else
      awk -v n="$name" -v v="$value" -v u="$unit" -v b="$base" -v bv="${BASE[$base]}" -v t="$target" \
        'BEGIN { r = bv > 0 ? v / bv : 0
                 printf "| %s | %s | %s | %s (%s) | %.3f | %s | %s |\n", n, v, u, b, bv, r, t, (r >= t ? "pass" : "fail") }'
    fi
  done
)
mkdir -p bench/results
echo "$table" | tee "bench/results/$(date +%Y%m%d-%H%M%S).md"
! grep -q '| fail |$' <<<"$table"
