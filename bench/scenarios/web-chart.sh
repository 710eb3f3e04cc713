#!/usr/bin/env bash
# Scenario: the web application's patient chart on durable PostgreSQL (issue 14).
# - Server time to show the chart to 16 signed-in users at once (each switching its open chart between two
#   patients, in Debian's chromium), as the app measures it (navigation → the render with the data, on the
#   server: keneyapp_ui_page_render_duration_seconds), p95 against the p95 of GET /api/v1/patients/{id} at 16
#   connections in the same run: target ≤ 3 ×.
# - Memory per open live session: 200 tabs on the chart, the app's GC heap after a full collection (dotnet-gcdump
#   induces one) compared with before they opened: target ≤ 1 MiB each.
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

[ -x /usr/bin/chromium ] || apt_install chromium
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-gcdump >/dev/null || dotnet tool install -g dotnet-gcdump >&2
dotnet build "$BENCH_ROOT/bench/UiLoad" -c Release -v q -nologo >&2
uiload() { dotnet "$BENCH_ROOT/bench/UiLoad/bin/Release/net10.0/UiLoad.dll" "$@"; }

database="web_chart_$$"
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$BENCH_POSTGRES")
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE $database" >&2
start_demo_app DATABASE_URL="${BENCH_POSTGRES/Database=postgres/Database=$database}"

doctor=dr.martin@demo.keneyapp.test
token=$(token_of "$doctor")
[ -n "$token" ] || die "login failed"
patient_id() { curl -fsS -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/patients?q=$1" | sed -n 's/^\[{"id":\([0-9]*\).*/\1/p'; }
jean=$(patient_id Dupont)
claire=$(patient_id Moreau)
[ -n "$jean" ] && [ -n "$claire" ] || die "demo patients not found"

# The API's answer for one patient, 16 connections.
api=$(wrk -t2 -c16 -d"$BENCH_DURATION" -s "$BENCH_ROOT/bench/p95.lua" -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/patients/$jean")
api_p95=$(sed -n 's/^p95_ms //p' <<<"$api")
[ "$(sed -n 's/^non2xx //p' <<<"$api")" = "0" ] || die "the API answered errors: $api"

# The chart in the browser; the app's histogram before and after gives each run's own percentiles.
histogram() { curl -fsS "$BENCH_APP_URL/metrics" | grep '^keneyapp_ui_page_render_duration_seconds_bucket{.*page="chart"' || true; }
percentile() { # BEFORE AFTER QUANTILE: milliseconds, linear within the bucket
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
def read(text):
    out = {}
    for line in text.splitlines():
        m = re.search(r'le="([^"]+)"\} ([0-9.e+]+)', line)
        if m:
            out[float('inf') if m.group(1) == '+Inf' else float(m.group(1))] = float(m.group(2))
    return out
b, a, q = read(sys.argv[1]), read(sys.argv[2]), float(sys.argv[3])
bounds = sorted(a)
counts = [a[x] - b.get(x, 0) for x in bounds]
if not counts or counts[-1] <= 0:
    sys.exit("no chart rendered")
target, previous_bound, previous_count = q * counts[-1], 0.0, 0.0
for bound, count in zip(bounds, counts):
    if count >= target:
        if bound == float('inf'):
            print(f"{previous_bound * 1000:.2f}")
        else:
            share = (target - previous_count) / (count - previous_count) if count > previous_count else 1
            print(f"{(previous_bound + (bound - previous_bound) * share) * 1000:.2f}")
        break
    previous_bound, previous_count = bound, count
PY
}
measure_chart() { # USERS: prints "p50 p95 charts"
  local before after shown
  before=$(histogram)
  shown=$(uiload render "$BENCH_APP_URL" "$doctor" "$BENCH_DEMO_PASSWORD" "$1" "${BENCH_DURATION%s}" "$jean" "$claire" | sed -n 's/^charts //p')
  after=$(histogram)
  echo "$(percentile "$before" "$after" 0.5) $(percentile "$before" "$after" 0.95) $shown"
}
# One user alone first: what the chart costs the server when nothing competes with it.
read -r one_p50 one_p95 one_shown <<<"$(measure_chart 1)"
read -r chart_p50 chart_p95 shown <<<"$(measure_chart 16)"
ratio=$(python3 -c "print(f'{$chart_p95 / $api_p95:.2f}')")
echo "charts shown: $one_shown by 1 user, $shown by 16 users, in $BENCH_DURATION each"
echo "web_chart_p95_c1|$one_p95|ms||"
echo "web_chart_p50_c1|$one_p50|ms||"
echo "web_chart_p50|$chart_p50|ms||"
echo "web_chart_p95|$chart_p95|ms||"
echo "api_patient_p95_c16|$api_p95|ms||"
echo "web_chart_p95_ratio|$ratio|× api|max|3"

# Memory: 200 live sessions on the chart.
heap() {
  dotnet-gcdump collect -p "$BENCH_APP_PID" -o "$BENCH_TMP/heap.gcdump" >/dev/null 2>&1
  dotnet-gcdump report "$BENCH_TMP/heap.gcdump" | awk '/GC Heap bytes/ { gsub(",", "", $1); print $1; exit }'
}
sessions=200
heap_before=$(heap)
mkfifo "$BENCH_TMP/hold"
uiload sessions "$BENCH_APP_URL" "$doctor" "$BENCH_DEMO_PASSWORD" "$sessions" "$jean" <"$BENCH_TMP/hold" >"$BENCH_TMP/sessions.out" &
load_pid=$!
exec 7>"$BENCH_TMP/hold"
for _ in $(seq 1 600); do grep -q ready "$BENCH_TMP/sessions.out" && break; sleep 1; done
grep -q ready "$BENCH_TMP/sessions.out" || die "the $sessions sessions did not open"
heap_after=$(heap)
exec 7>&-
wait "$load_pid" || true
per=$(python3 -c "print(f'{($heap_after - $heap_before) / $sessions / 1048576:.3f}')")
echo "heap: $heap_before → $heap_after bytes with $sessions sessions"
echo "web_session_memory|$per|MiB|max|1"
