#!/usr/bin/env bash
# Shared helpers for run.sh and test.sh. Source it; do not execute it.
#
#   ensure_apt_packages pkg...   install the Debian packages that are missing
#   ensure_dotnet                fail clearly if the .NET SDK is not usable
#   pg_start DIR PORT            create (initdb) / start / reuse a local PostgreSQL 15 cluster
#   pg_stop DIR                  stop that cluster (quietly ignores "not running")
#   free_port                    print a free TCP port on 127.0.0.1
#   port_in_use PORT             true when something listens on 127.0.0.1:PORT
#   pg_create_db PORT NAME       create database NAME if it does not exist
#   pg_user_can_reach PATH       true when the postgres system user can traverse to PATH
#
# Environment:
#   LOG_PREFIX     prefix of messages (default "[lib]"); run.sh / test.sh set their own
#   PG_BIN         PostgreSQL binaries (default /usr/lib/postgresql/15/bin; never the
#                  /usr/local/bin wrappers)
#   PG_EXTRA_OPTS  extra server options for pg_start, e.g. "-c fsync=off"
#   PG_SOCKET_DIR  Unix socket directory for pg_start (default: DIR/../socket)
#
# pg_start sets PG_STARTED_BY_US=1 when it started the server, 0 when it reused one.

if [[ -n "${_RECORDINGS_LIB_SOURCED:-}" ]]; then
  return 0
fi
_RECORDINGS_LIB_SOURCED=1

: "${LOG_PREFIX:=[lib]}"
: "${PG_BIN:=/usr/lib/postgresql/15/bin}"
PG_SYSTEM_USER=postgres
# shellcheck disable=SC2034  # read by the scripts that source this file
PG_STARTED_BY_US=0
_APT_UPDATED=0

log() { printf '%s %s\n' "$LOG_PREFIX" "$*"; }
warn() { printf '%s WARNING: %s\n' "$LOG_PREFIX" "$*" >&2; }
err() { printf '%s ERROR: %s\n' "$LOG_PREFIX" "$*" >&2; }
die() {
  err "$*"
  exit 1
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Run a command with root rights: directly when root, through sudo otherwise.
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    err "need root rights for: $* (not root and sudo is not installed)"
    return 1
  fi
}

# Run a command as the owner of PostgreSQL clusters: the postgres system user when we are
# root (initdb and postgres refuse to run as root), the current user otherwise.
as_pg_owner() {
  if is_root; then
    runuser -u "$PG_SYSTEM_USER" -- "$@"
  else
    "$@"
  fi
}

# ---------------------------------------------------------------------------------------
# Packages and tools
# ---------------------------------------------------------------------------------------

ensure_apt_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  log "installing missing Debian packages: ${missing[*]}"
  if [[ "$_APT_UPDATED" -eq 0 ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
      die "apt-get update failed"
    _APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" || die "apt-get install failed for: ${missing[*]}"
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    die "'dotnet' was not found on PATH: install the .NET 10 SDK (see global.json)"
  fi
  local version
  if ! version="$(dotnet --version 2>&1)"; then
    err "'dotnet --version' failed (is the SDK required by global.json installed?):"
    printf '%s\n' "$version" >&2
    exit 1
  fi
  log "dotnet SDK $version"
}

# ---------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------

# stop_process PID NAME: SIGTERM to PID's process group (or PID alone when it leads none), up to 10 s for it to
# end, then SIGKILL. PID must be a child of this shell (it is reaped with wait).
stop_process() {
  local pid="$1" name="$2" i
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name did not stop within 10 s after SIGTERM: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------------------

port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    # Any live socket on the port, not only a listener: an outgoing connection's local port blocks a bind to it too.
    # (A closed connection waiting out TIME-WAIT does not.)
    [[ -n "$(ss -Htan exclude time-wait "sport = :$port" 2>/dev/null)" ]]
    return
  fi
  # No ss (fresh minimal Debian): a successful connect means something listens.
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
}

# A free port below the kernel's ephemeral range, so that no outgoing connection (a database client, a browser) can
# take it between this check and the server's bind.
free_port() {
  local attempt port low=32768 span
  if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  fi
  span=$((low - 20000))
  if ((span < 1000)); then
    span=10000
  fi
  for attempt in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % span))
    if ! port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  err "no free TCP port found after $attempt attempts"
  return 1
}

# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------

_abs_path() {
  local p="$1"
  if [[ "$p" != /* ]]; then
    p="$PWD/$p"
  fi
  printf '%s\n' "$p"
}

# The postgres system user must be able to traverse every parent of a cluster directory.
pg_user_can_reach() {
  local path="$1"
  if ! is_root; then
    return 0
  fi
  runuser -u "$PG_SYSTEM_USER" -- test -x "$path" 2>/dev/null
}

# Create DIR owned by the cluster owner (postgres when root), mode 700.
_pg_owned_dir() {
  local dir="$1" mode="${2:-700}"
  if is_root; then
    install -d -o "$PG_SYSTEM_USER" -g "$PG_SYSTEM_USER" -m "$mode" "$dir"
  else
    install -d -m "$mode" "$dir"
  fi
}

# Create FILE (if absent) owned by the cluster owner, so the server can write to it even
# when its directory belongs to root.
_pg_owned_file() {
  local file="$1"
  if [[ ! -e "$file" ]]; then
    install -m 600 /dev/null "$file"
  fi
  if is_root; then
    chown "$PG_SYSTEM_USER:$PG_SYSTEM_USER" "$file"
  fi
}

_pg_socket_dir() {
  local dir="$1" sock
  if [[ -n "${PG_SOCKET_DIR:-}" ]]; then
    sock="$PG_SOCKET_DIR"
  else
    sock="$(dirname "$dir")/socket"
    # A Unix socket path is limited to ~107 bytes (".s.PGSQL.NNNNN" included).
    if [[ ${#sock} -gt 80 ]]; then
      sock="/tmp/recordings-pgsock-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
    fi
  fi
  printf '%s\n' "$sock"
}

# Port recorded in postmaster.pid (4th line) of a running cluster.
_pg_running_port() {
  local dir="$1"
  sed -n '4p' "$dir/postmaster.pid" 2>/dev/null || true
}

pg_start() {
  local dir port
  dir="$(_abs_path "${1:?pg_start DIR PORT}")"
  port="${2:?pg_start DIR PORT}"
  local parent logfile sockdir
  parent="$(dirname "$dir")"
  logfile="$parent/postgres.log"
  sockdir="$(_pg_socket_dir "$dir")"
  PG_STARTED_BY_US=0

  [[ -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/initdb" ]] ||
    die "PostgreSQL binaries not found in $PG_BIN (install the Debian package postgresql-15)"
  if is_root && ! getent passwd "$PG_SYSTEM_USER" >/dev/null; then
    die "system user '$PG_SYSTEM_USER' does not exist (it comes with the postgresql-15 package)"
  fi

  mkdir -p "$parent"
  if ! pg_user_can_reach "$parent"; then
    die "user '$PG_SYSTEM_USER' cannot traverse $parent; choose a cluster directory it can reach"
  fi

  if [[ ! -f "$dir/PG_VERSION" ]]; then
    log "creating PostgreSQL cluster in $dir"
    _pg_owned_dir "$dir" 700
    as_pg_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$parent/initdb.log" 2>&1 || {
      err "initdb failed; its output ($parent/initdb.log):"
      cat "$parent/initdb.log" >&2
      return 1
    }
  fi

  if as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    local running_port
    running_port="$(_pg_running_port "$dir")"
    if [[ -n "$running_port" && "$running_port" != "$port" ]]; then
      err "a server is already running on $dir but on port $running_port, not $port"
      err "stop it first: $PG_BIN/pg_ctl -D $dir -m fast stop (as $PG_SYSTEM_USER when root)"
      return 1
    fi
    log "reusing the PostgreSQL server already running on $dir (port $port)"
    return 0
  fi

  _pg_owned_dir "$sockdir" 700
  _pg_owned_file "$logfile"
  local opts="-p $port -k '$sockdir' -c listen_addresses=127.0.0.1"
  if [[ -n "${PG_EXTRA_OPTS:-}" ]]; then
    opts+=" $PG_EXTRA_OPTS"
  fi
  log "starting PostgreSQL on 127.0.0.1:$port (data $dir, log $logfile)"
  if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 -l "$logfile" -o "$opts" start >/dev/null; then
    err "PostgreSQL did not start; last lines of $logfile:"
    tail -n 30 "$logfile" >&2 || true
    return 1
  fi
  # shellcheck disable=SC2034
  PG_STARTED_BY_US=1
}

pg_stop() {
  local dir
  dir="$(_abs_path "${1:?pg_stop DIR}")"
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    return 0
  fi
  if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    return 0 # not running
  fi
  log "stopping PostgreSQL ($dir)"
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1 || {
    # It may have gone away between status and stop; only complain if it still runs.
    if as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      err "could not stop PostgreSQL on $dir"
      return 1
    fi
  }
}

# psql against the local cluster over TCP (auth is trust), without ~/.psqlrc.
pg_psql() {
  local port="$1"
  shift
  PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -q \
    -h 127.0.0.1 -p "$port" -U postgres "$@"
}

pg_create_db() {
  local port="${1:?pg_create_db PORT NAME}" name="${2:?pg_create_db PORT NAME}"
  local exists
  exists="$(pg_psql "$port" -d postgres -tA -v dbname="$name" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'dbname';
SQL
)" || {
    err "cannot query PostgreSQL on 127.0.0.1:$port"
    return 1
  }
  if [[ "$exists" == "1" ]]; then
    return 0
  fi
  log "creating database '$name'"
  pg_psql "$port" -d postgres -v dbname="$name" <<'SQL'
CREATE DATABASE :"dbname";
SQL
}
