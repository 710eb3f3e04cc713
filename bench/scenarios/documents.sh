#!/usr/bin/env bash
# Scenario: 50 MB documents on durable PostgreSQL (issue 13). Upload and download throughput of the real app
# (streamed: hashed, checked, encrypted in segments, written to the disk; decrypted on the way out) as a ratio
# to bare Kestrel draining or sending the same bytes, measured here in the same run: target 0.6 each. Then the
# app's memory growth while 8 uploads of 50 MB run at once, per upload: target under 2 MiB.
# The files are text (ASCII): the streamed path without PDF or image parsing.
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

size=$((50 * 1024 * 1024))
runs=5
files="$BENCH_TMP/files"
mkdir -p "$files"
for i in $(seq 0 $((runs + 8))); do
  head -c $((size * 3 / 4)) /dev/urandom | base64 -w 120 >"$files/$i.txt"
  truncate -s "$size" "$files/$i.txt" # base64's line breaks made it a little longer
done

# MB/s of a command run $runs times in a row ("$@" gets the run's index as its last argument).
throughput() {
  local start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$runs"); do "$@" "$i" >/dev/null; done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$runs" -v b="$size" 'BEGIN { printf "%.1f\n", n * b / (e - s) / 1e6 }'
}

# --- bare Kestrel --------------------------------------------------------------------------------------------
bare_port=$(free_port)
ASPNETCORE_ENVIRONMENT=Production dotnet "$BENCH_ROOT/bench/BareApi/bin/Release/net10.0/BareApi.dll" \
  --urls "http://127.0.0.1:$bare_port" >"$BENCH_TMP/bare.log" 2>&1 &
bare_pid=$!
wait_http "http://127.0.0.1:$bare_port/json" 60 "$bare_pid"
bare_up() { curl -fsS -o /dev/null -X POST -H 'Content-Type: application/octet-stream' --data-binary "@$files/$1.txt" "http://127.0.0.1:$bare_port/drain"; }
bare_down() { curl -fsS -o /dev/null "http://127.0.0.1:$bare_port/bytes/$size"; }
bare_up 0 # warm-up
bare_down 0
bare_upload=$(throughput bare_up)
bare_download=$(throughput bare_down)
kill "$bare_pid"
wait "$bare_pid" 2>/dev/null || true

# --- the app on durable PostgreSQL ---------------------------------------------------------------------------
database="documents_$$"
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$BENCH_POSTGRES")
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE $database" >&2
start_demo_app DATABASE_URL="${BENCH_POSTGRES/Database=postgres/Database=$database}"
doctor=$(token_of dr.martin@demo.keneyapp.test)
patient_token=$(token_of jean.dupont@demo.keneyapp.test)
[ -n "$doctor" ] && [ -n "$patient_token" ] || die "login failed"
patient=$(curl -fsS -H "Authorization: Bearer $patient_token" "$BENCH_APP_URL/api/v1/auth/me" | sed -n 's/.*"patient_id" *: *\([0-9]*\).*/\1/p')
app_up() {
  curl -fsS -o "$BENCH_TMP/uploaded.json" -H "Authorization: Bearer $doctor" -F "patient_id=$patient" -F document_type=other \
    -F "file=@$files/$1.txt;type=text/plain" "$BENCH_APP_URL/api/v1/documents/upload"
}
app_up 0 # warm-up, and the document the downloads read
document=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$BENCH_TMP/uploaded.json")
[ -n "$document" ] || die "upload failed: $(cat "$BENCH_TMP/uploaded.json")"
app_down() { curl -fsS -o /dev/null -H "Authorization: Bearer $doctor" "$BENCH_APP_URL/api/v1/documents/$document/download"; }
app_upload=$(throughput app_up)
app_down 0 # warm-up
app_download=$(throughput app_down)

# Memory: resident size before, and its peak while 8 uploads of 50 MB run at once.
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$BENCH_APP_PID/status"; }
before=$(rss_kb)
peak=$before
pids=()
for i in $(seq $((runs + 1)) $((runs + 8))); do
  app_up "$i" &
  pids+=($!)
done
while kill -0 "${pids[@]}" 2>/dev/null; do
  now=$(rss_kb)
  [ "$now" -gt "$peak" ] && peak=$now
  sleep 0.05
done
for pid in "${pids[@]}"; do wait "$pid" || die "a concurrent upload failed"; done
per_upload=$(awk -v b="$before" -v p="$peak" 'BEGIN { printf "%.2f\n", (p - b) / 1024 / 8 }')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'; }
echo "bare_upload_50mb|$bare_upload|MB/s||"
echo "bare_download_50mb|$bare_download|MB/s||"
echo "document_upload_50mb|$app_upload|MB/s||"
echo "document_download_50mb|$app_download|MB/s||"
echo "document_upload_vs_bare|$(ratio "$app_upload" "$bare_upload")|x|ratio|0.6"
echo "document_download_vs_bare|$(ratio "$app_download" "$bare_download")|x|ratio|0.6"
echo "document_upload_memory_per_concurrent_upload|$per_upload|MiB|max|2"
