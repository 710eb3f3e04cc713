#!/usr/bin/env bash
# Scenario: appointment reminders delivered per minute on durable PostgreSQL to a local SMTP sink (issue 15).
# The sink's own ceiling is measured first in the same run (bench/smtp-sink.py blast: small messages over 8
# connections). Then, on a fresh database each time, BENCH_REMINDERS appointments due within the day are planned
# by the job's "run now" and the app's delivery sweep sends them; the rate is the sent rows per minute from the
# first to the last one sent. Once with one sender (rows one after another), once with the default eight.
# Targets: 0.8 of the sink's ceiling, and 60,000 per minute.
set -euo pipefail
# shellcheck source=../lib.sh
source "$BENCH_LIB"

count=${BENCH_REMINDERS:-6000}
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$BENCH_POSTGRES")
psql_db() { "$PG_BIN/psql" -q -At -h 127.0.0.1 -p "$port" -U postgres "$@"; }

sink_port=$(free_port)
(cd "$BENCH_TMP" && exec python3 "$BENCH_ROOT/bench/smtp-sink.py" serve "$sink_port") >"$BENCH_TMP/sink.log" 2>&1 &
sink_pid=$!
cleanup() { kill "$sink_pid" 2>/dev/null || true; [ -z "${BENCH_APP_PID:-}" ] || stop_demo_app; }
trap cleanup EXIT
for _ in $(seq 50); do [ -f "$BENCH_TMP/$sink_port.count" ] && break; sleep 0.1; done
ceiling=$(python3 "$BENCH_ROOT/bench/smtp-sink.py" blast "$sink_port" 10 8)
sink_per_minute=$(awk -v c="$ceiling" 'BEGIN { printf "%.0f", c * 60 }')
echo "smtp_sink_ceiling|$sink_per_minute|per min|"

# deliver SENDERS: reminders sent per minute by an app with that many senders, on a database of its own.
deliver() {
  local database="reminders_$1_$$"
  psql_db -c "CREATE DATABASE $database" >&2
  start_demo_app DATABASE_URL="${BENCH_POSTGRES/Database=postgres/Database=$database}" SMTP_HOST=127.0.0.1 SMTP_PORT="$sink_port" \
    Smtp__Security=none PUBLIC_URL=https://clinique.example Notifications__EmailPerSecond=100000 Notifications__Senders="$1" Jobs__Enabled=false
  trap cleanup EXIT
  # Patients with an e-mail address and no phone (their SMS rows are skipped at once), each with an appointment
  # within the day with the demo's doctor, written straight into the database: this measures delivery, not booking.
  psql_db -d "$database" >&2 <<SQL
INSERT INTO patients (tenant_id, first_name, last_name, search_name, date_of_birth, gender, email, preferred_language, timezone, created_at, updated_at)
SELECT 1, 'Bench', 'Rappel' || i, 'RAPPEL' || i || ' BENCH', DATE '1980-01-01', 'other', 'rappel' || i || '@patients.example', 'fr', 'Europe/Paris', now(), now()
FROM generate_series(1, $count) AS i;
INSERT INTO appointments (tenant_id, patient_id, doctor_id, appointment_date, duration_minutes, ends_at, status, created_at, updated_at)
SELECT 1, p.id, (SELECT id FROM users WHERE email = 'dr.martin@demo.keneyapp.test'),
       now() + interval '2 hours' + (row_number() OVER (ORDER BY p.id)) * interval '1 second', 15,
       now() + interval '2 hours 15 minutes' + (row_number() OVER (ORDER BY p.id)) * interval '1 second', 'Scheduled', now(), now()
FROM patients p WHERE p.email LIKE 'rappel%@patients.example';
SQL
  local admin
  admin=$(token_of admin@demo.keneyapp.test)
  [ -n "$admin" ] || die "login failed"
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $admin" "$BENCH_APP_URL/api/v1/notifications/jobs/appointment-reminders/run"
  local where="type = 'appointment_reminder' AND channel = 'email' AND status = 'sent' AND recipient_patient_id IN
    (SELECT id FROM patients WHERE email LIKE 'rappel%@patients.example')"
  local deadline=$((SECONDS + 240))
  until [ "$(psql_db -d "$database" -c "SELECT count(*) FROM notifications WHERE $where")" -ge "$count" ] || [ $SECONDS -gt $deadline ]; do sleep 1; done
  local sent seconds
  IFS='|' read -r sent seconds <<<"$(psql_db -d "$database" -c "SELECT count(*), EXTRACT(EPOCH FROM max(sent_at) - min(sent_at)) FROM notifications WHERE $where")"
  stop_demo_app
  [ "$sent" -ge "$count" ] || die "only $sent of $count reminders sent with $1 sender(s)"
  awk -v n="$sent" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n * 60 / s : 0) }'
}

one=$(deliver 1)
eight=$(deliver 8)
echo "reminders_per_minute_1_sender|$one|per min|"
echo "reminders_per_minute|$eight|per min|min|60000"
echo "reminders_per_minute_ratio|$(awk -v a="$eight" -v b="$sink_per_minute" 'BEGIN { printf "%.3f", a / b }')|of sink|ratio|0.8"
