#!/usr/bin/env bash
# Scenario: opening a shared record (issue 16) at a fixed 500 requests per second, open loop, on durable PostgreSQL.
# Dr Martin shares Jean Dupont's full record BENCH_SHARES times (PIN, no limit on openings); POST
# /api/v1/shares/access with a token and its PIN, the shares in turn, is then sent on a fixed schedule
# (bench/OpenLoop: latency counted from each request's scheduled time). Many shares, as in a clinic: the openings
# of one share are serialised by its row, which holds the attempt and opening counts.
# Every opening does what production does: the PIN attempt taken and given back, the opening counted by a conditional
# update, the owners' notification event and the audit entry committed, the scoped record read and decrypted.
# Target: p99 <= 10 ms. Baseline in the same run: pgbench -N latency (one client), the database's own commit.
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

rate=${BENCH_SHARE_RATE:-500}
seconds=${BENCH_SHARE_SECONDS:-20}
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$BENCH_POSTGRES")
psql_db() { "$PG_BIN/psql" -q -At -h 127.0.0.1 -p "$port" -U postgres "$@"; }
database="shares_$$"
psql_db -c "CREATE DATABASE $database" >&2

dotnet build "$BENCH_ROOT/bench/OpenLoop" -c Release -v q -nologo >&2
openloop() { dotnet "$BENCH_ROOT/bench/OpenLoop/bin/Release/net10.0/OpenLoop.dll" "$@"; }

start_demo_app DATABASE_URL="${BENCH_POSTGRES/Database=postgres/Database=$database}" PUBLIC_URL=https://clinique.example
token=$(token_of dr.martin@demo.keneyapp.test)
[ -n "$token" ] || die "login failed"
jean=$(curl -fsS -H "Authorization: Bearer $token" "$BENCH_APP_URL/api/v1/patients?q=dupont" | sed -n 's/^\[{"id" *: *\([0-9]*\).*/\1/p')
[ -n "$jean" ] || die "Jean Dupont not found"
body="$BENCH_TMP/access.jsonl"
: >"$body"
for _ in $(seq "${BENCH_SHARES:-200}"); do
  share=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$BENCH_APP_URL/api/v1/shares/" \
    -d "{\"patient_id\": $jean, \"scope\": \"full_record\", \"expires_in_hours\": 720, \"require_pin\": true, \"recipient_name\": \"Dr Bench\", \"consent_given\": true}")
  share_token=$(sed -n 's/.*"share_token" *: *"\([^"]*\)".*/\1/p' <<<"$share")
  pin=$(sed -n 's/.*"access_pin" *: *"\([0-9]*\)".*/\1/p' <<<"$share")
  [ -n "$share_token" ] && [ -n "$pin" ] || die "share not created"
  printf '{"token": "%s", "pin": "%s"}\n' "$share_token" "$pin" >>"$body"
done

url="$BENCH_APP_URL/api/v1/shares/access"
# Warm-up (JIT, pools) at a fifth of the rate, then the measured run.
openloop "$url" $((rate / 5)) 10 "$body" >/dev/null
read -r p50 p99 sent errors <<<"$(openloop "$url" "$rate" "$seconds" "$body")"
[ "$errors" = 0 ] || die "$errors of $sent openings were not 200"

# The database's own durable commit, one client, in the same run.
pg_latency=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U postgres -N -c 1 -j 1 -T 10 bench 2>/dev/null |
  awk '/^latency average = / { print $4 }')
[ -n "$pg_latency" ] || die "pgbench gave no latency"

echo "share_access_p50|$p50|ms||"
echo "share_access_p99|$p99|ms|max|10"
echo "pgbench_N_latency_c1|$pg_latency|ms||"
echo "share_access_p99_over_pgbench|$(awk -v a="$p99" -v b="$pg_latency" 'BEGIN { printf "%.1f", a / b }')|x||"
