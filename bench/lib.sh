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
