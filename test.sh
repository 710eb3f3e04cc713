#!/usr/bin/env bash
# The one test command (also what CI runs): installs what is missing, starts one throwaway PostgreSQL
# for the whole run, runs every test project (unit + integration) and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild nodes left running after the run (they would hold CI's output open).
export MSBUILDDISABLENODEREUSE=1

RESULTS=$(mktemp -d /tmp/keneyapp-test.XXXXXX)
cleanup() {
  pg_stop
  maildev_stop
  clamd_stop
  s3rver_stop
  redis_stop
  rm -rf "$RESULTS"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

phase install
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
[ -x "$PG_BIN/initdb" ] || apt_install postgresql-15
command -v npm >/dev/null || apt_install nodejs npm
# A real virus scanner for the document uploads (its signature database is made by clamd_start).
[ -x /usr/sbin/clamd ] || apt_install clamav-daemon
# Real DICOM files, and pydicom as the oracle of the DICOM reader's tests.
[ -d /usr/lib/python3/dist-packages/pydicom/data/test_files ] || apt_install python3-pydicom
# A real browser for the web application's tests (Playwright drives it; it never downloads its own).
[ -x /usr/bin/chromium ] || apt_install chromium
# Redis, where the nodes of one deployment count their rate limits together (REDIS_URL).
command -v redis-server >/dev/null || apt_install redis-server
# The OpenAPI linter, the SMTP server (maildev) and the S3 server (s3rver) the tests run (tools/package-lock.json pins them).
[ -x tools/node_modules/.bin/redocly ] && [ -x tools/node_modules/.bin/maildev ] && [ -x tools/node_modules/.bin/s3rver ] ||
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)

phase postgres
pg_start fast
# Integration tests use this server (PostgresServer) instead of starting their own.
export KENEYAPP_TEST_POSTGRES="$PG_URL"
maildev_start
# ...and this SMTP server (MailDev), "<smtp port>:<api port>".
export KENEYAPP_TEST_MAILDEV="$MAILDEV_SMTP:$MAILDEV_WEB"
clamd_start
# ...and this virus scanner (clamd, INSTREAM on TCP).
export KENEYAPP_TEST_CLAMAV="127.0.0.1:$CLAMD_PORT"
s3rver_start
# ...and this S3-compatible server (s3rver; each test fixture makes its own bucket).
export KENEYAPP_TEST_S3="http://127.0.0.1:$S3RVER_PORT"
redis_start
# ...and this Redis server (shared rate-limit counters).
export KENEYAPP_TEST_REDIS="127.0.0.1:$REDIS_PORT"

phase tests
set +e
dotnet test KeneyApp.slnx -c Release --logger trx --results-directory "$RESULTS"
rc=$?
set -e
phase_recap

# Sum the <Counters .../> of every TRX file (one per test project).
read -r total executed passed failed < <(
  find "$RESULTS" -name '*.trx' -exec grep -ho '<Counters [^>]*>' {} + |
    awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); gsub(/[^0-9]/, "", kv[2]); c[kv[1]] += kv[2] } }
         END { printf "%d %d %d %d\n", c["total"], c["executed"], c["passed"],
                      c["failed"] + c["error"] + c["timeout"] + c["aborted"] }'
)
skipped=$((total - executed))

[ "$rc" -eq 0 ] || echo "dotnet test exited with code $rc" >&2
[ "$executed" -gt 0 ] || echo "no test ran" >&2
# The browser tests' screenshots of each main screen, kept with the run.
shots=$(find artifacts/screenshots -name '*.png' 2>/dev/null | wc -l)
echo "screenshots: $shots in artifacts/screenshots"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$rc" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$executed" -eq 0 ]; then
  exit 1
fi
