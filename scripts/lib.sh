# Shell helpers shared by test.sh and bench/run.sh (sourced, not run).
# Everything here must work on a fresh machine, as root or not.

PG_BIN=/usr/lib/postgresql/15/bin

# --- phases: each prints its duration, and phase_recap prints them all on one line ---------------------
_phase_name=""
_phase_start=0
_phase_recap=""

phase() {
  phase_end
  _phase_name=$1
  _phase_start=$SECONDS
  echo "==> $1"
}

phase_end() {
  if [ -n "$_phase_name" ]; then
    local took=$((SECONDS - _phase_start))
    echo "<== $_phase_name: ${took} s"
    _phase_recap="${_phase_recap:+$_phase_recap, }$_phase_name ${took} s"
    _phase_name=""
  fi
}

phase_recap() {
  phase_end
  echo "timing: $_phase_recap"
}

die() {
  echo "error: $*" >&2
  exit 1
}

# --- installs: only what is missing, apt-get update at most once per run --------------------------------
_apt_updated=0

apt_install() {
  local as=()
  if [ "$(id -u)" -ne 0 ]; then
    # Not root: only a password-less sudo can install; otherwise say what is missing.
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      as=(sudo -n)
    else
      die "missing packages, install them as root: apt-get install -y --no-install-recommends $*"
    fi
  fi
  if [ "$_apt_updated" = 0 ]; then
    "${as[@]}" apt-get update -qq
    _apt_updated=1
  fi
  echo "installing: $*"
  "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- free_port: a TCP port nothing listens on at 127.0.0.1 (callers retry if it gets taken) -------------
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    # A refused connection means the port is free.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free TCP port found"
}

# --- throwaway PostgreSQL 15 cluster ---------------------------------------------------------------------
# pg_start fast|durable sets PG_DIR, PG_PORT and PG_URL (Npgsql connection string to database "postgres");
# pg_stop stops it and deletes its folder. Call pg_stop from a trap: pg_ctl start detaches.
# "fast" (tests) turns off what makes a commit durable: the data is thrown away anyway. "durable" (benchmarks)
# keeps PostgreSQL's defaults (fsync, synchronous_commit, full_page_writes), as a clinic's server runs:
# a commit measured there has reached the disk.
PG_DIR=""

# initdb refuses to run as root: as root, the tools run as the postgres user.
pg_tool() {
  local tool=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_DIR" && runuser -u postgres -- "$PG_BIN/$tool" "$@")
  else
    (cd "$PG_DIR" && "$PG_BIN/$tool" "$@")
  fi
}

pg_start() {
  local settings="-c max_connections=300"
  case ${1:-} in
  fast) settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off" ;;
  durable) ;;
  *) die "pg_start fast|durable" ;;
  esac
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install -y postgresql-15)"
  # Under /tmp: every parent must be traversable by postgres, and the socket path stay short.
  PG_DIR=$(mktemp -d /tmp/keneyapp-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
  fi
  pg_tool initdb -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  local attempt
  for attempt in 1 2 3; do
    PG_PORT=$(free_port)
    if pg_tool pg_ctl start -w -t 60 -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 $settings" \
      >/dev/null; then
      # shellcheck disable=SC2034 # read by the callers
      PG_URL="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Include Error Detail=true"
      echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT ($PG_DIR, $1)"
      return 0
    fi
    echo "pg_ctl start failed on port $PG_PORT (attempt $attempt)" >&2
  done
  cat "$PG_DIR/server.log" >&2
  die "could not start PostgreSQL"
}

pg_stop() {
  if [ -n "$PG_DIR" ]; then
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
      # Immediate: the data is thrown away, no shutdown checkpoint needed.
      pg_tool pg_ctl stop -D "$PG_DIR/data" -m immediate -w >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}

# wait_listening PORT NAME: waits up to 10 s for a server to accept connections on 127.0.0.1:PORT.
wait_listening() {
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  die "$2 did not start"
}

# --- maildev: a real SMTP server (with a REST API) for the tests ------------------------------------------
# maildev_start sets MAILDEV_PID and MAILDEV_SMTP / MAILDEV_WEB (ports); maildev_stop ends it. From tools/.
MAILDEV_PID=""

maildev_start() {
  MAILDEV_SMTP=$(free_port)
  MAILDEV_WEB=$(free_port)
  tools/node_modules/.bin/maildev --ip 127.0.0.1 --web-ip 127.0.0.1 -s "$MAILDEV_SMTP" -w "$MAILDEV_WEB" --silent >/dev/null 2>&1 &
  MAILDEV_PID=$!
  wait_listening "$MAILDEV_WEB" maildev
  echo "maildev: SMTP on 127.0.0.1:$MAILDEV_SMTP, API on :$MAILDEV_WEB"
}

maildev_stop() {
  if [ -n "$MAILDEV_PID" ]; then
    kill "$MAILDEV_PID" 2>/dev/null || true
    MAILDEV_PID=""
  fi
}

# --- s3rver: a real S3-compatible server for the tests (objects in a temporary folder) ----------------------
# s3rver_start sets S3RVER_PID, S3RVER_PORT and S3RVER_DIR; s3rver_stop ends it and removes its folder. From tools/.
S3RVER_PID=""
S3RVER_DIR=""

s3rver_start() {
  S3RVER_PORT=$(free_port)
  S3RVER_DIR=$(mktemp -d /tmp/keneyapp-s3rver-XXXXXX)
  tools/node_modules/.bin/s3rver -d "$S3RVER_DIR" -a 127.0.0.1 -p "$S3RVER_PORT" --no-vhost-buckets --silent >/dev/null 2>&1 &
  S3RVER_PID=$!
  wait_listening "$S3RVER_PORT" s3rver
  echo "s3rver: S3 on http://127.0.0.1:$S3RVER_PORT"
}

s3rver_stop() {
  if [ -n "$S3RVER_PID" ]; then
    kill "$S3RVER_PID" 2>/dev/null || true
    S3RVER_PID=""
  fi
  [ -z "$S3RVER_DIR" ] || rm -rf "$S3RVER_DIR"
  S3RVER_DIR=""
}

# --- clamd: a real virus scanner for the tests, with a signature database that knows only the EICAR test file --
# clamd_start sets CLAMD_PORT (TCP, 127.0.0.1); clamd_stop ends it. No internet: the official databases are
# not there, and an empty database folder makes clamd exit, so the run writes its own (EICAR's MD5 and size).
CLAMD_DIR=""

clamd_start() {
  CLAMD_DIR=$(mktemp -d /tmp/keneyapp-clamd.XXXXXX)
  mkdir -p "$CLAMD_DIR/db" "$CLAMD_DIR/tmp"
  local eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
  echo "$(printf '%s' "$eicar" | md5sum | cut -d' ' -f1):68:Eicar-Test-Signature" >"$CLAMD_DIR/db/test.hdb"
  CLAMD_PORT=$(free_port)
  cat >"$CLAMD_DIR/clamd.conf" <<CONF
Foreground yes
DatabaseDirectory $CLAMD_DIR/db
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
TemporaryDirectory $CLAMD_DIR/tmp
PidFile $CLAMD_DIR/clamd.pid
StreamMaxLength 100M
SelfCheck 0
Bytecode no
CONF
  if [ "$(id -u)" -eq 0 ]; then
    chown -R clamav: "$CLAMD_DIR" 2>/dev/null || true
    sed -i '1i User clamav' "$CLAMD_DIR/clamd.conf"
  fi
  /usr/sbin/clamd -c "$CLAMD_DIR/clamd.conf" >"$CLAMD_DIR/clamd.log" 2>&1 &
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$CLAMD_PORT") 2>/dev/null; then
      echo "clamd on 127.0.0.1:$CLAMD_PORT"
      return 0
    fi
    sleep 0.1
  done
  cat "$CLAMD_DIR/clamd.log" >&2
  die "clamd did not start"
}

clamd_stop() {
  if [ -n "$CLAMD_DIR" ]; then
    if [ -f "$CLAMD_DIR/clamd.pid" ]; then
      kill "$(cat "$CLAMD_DIR/clamd.pid")" 2>/dev/null || true
    fi
    rm -rf "$CLAMD_DIR"
    CLAMD_DIR=""
  fi
}

# --- redis: the shared rate-limit counters of a deployment with several nodes (REDIS_URL) -------------------
# redis_start sets REDIS_PID and REDIS_PORT; redis_stop ends it. Memory only: a test server keeps nothing.
REDIS_PID=""

redis_start() {
  REDIS_PORT=$(free_port)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >/dev/null 2>&1 &
  REDIS_PID=$!
  wait_listening "$REDIS_PORT" redis-server
  # Listening, and ours: not another program that took the port in the meantime.
  kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server did not start (port $REDIS_PORT taken?)"
  echo "redis on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
  if [ -n "$REDIS_PID" ]; then
    kill "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
  fi
}
