#!/usr/bin/env bash
# Keycloak's PostgreSQL, used when KEYCLOAK_DB=postgres (scripts/keycloak.sh starts and stops it):
# the server of Debian's postgresql package (scripts/prereqs.sh installs it) with a cluster of its
# own in $STACK_STATE_DIR/postgres/data, listening on $KEYCLOAK_DB_HOST:$KEYCLOAK_DB_PORT
# (scram-sha-256 password sign-in) and on a Unix socket in $STACK_STATE_DIR/postgres/run (peer
# sign-in: only the cluster's owner, which is how this script creates the database
# $KEYCLOAK_DB_NAME and its owner $KEYCLOAK_DB_USER). The password KEYCLOAK_DB_PASSWORD goes to
# psql on standard input, never on a command line, and the server is told not to log the statement.
# PostgreSQL refuses to run as root: run by root, the server and its tools run as the package's
# `postgres` system user (setpriv), otherwise as the calling user.
# Usage: scripts/postgres.sh start|stop|status|reset
#   reset  drops and creates the database again, empty (scripts/keycloak.sh: the realm changed, so
#          Keycloak imports it anew, as it does into a fresh dev-file data folder)
# Log: $STACK_STATE_DIR/logs/postgres.log.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

NAME=postgres
DIR="$STACK_STATE_DIR/postgres"
DATA="$DIR/data"
SOCKET_DIR="$DIR/run"

# the newest server of Debian's postgresql-NN packages
pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $d && -x $d/postgres && -x $d/initdb ]] \
    || die "no PostgreSQL server in /usr/lib/postgresql/*/bin: install Debian's postgresql package (scripts/prereqs.sh does when KEYCLOAK_DB=postgres)"
  printf '%s' "$d"
}

# AS_OWNER: the command prefix that runs a PostgreSQL program as the cluster's owner
if [[ $(id -u) -eq 0 ]]; then
  if getent passwd postgres >/dev/null; then
    AS_OWNER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  else
    # said when a PostgreSQL program is to run (stop and status need no postgres user)
    no_postgres_user() { die "running as root needs the postgres system user (Debian's postgresql package creates it)"; }
    AS_OWNER=(no_postgres_user)
  fi
else
  AS_OWNER=()
fi

# As root, the cluster runs as the postgres user, who must reach its folders: when a folder above the
# state folder is closed to other users (e.g. a checkout under /root), the cluster lives in the postgres
# user's home instead, one folder per state folder.
if [[ ${AS_OWNER[0]:-} == setpriv ]]; then
  mkdir -p "$DIR"
  if ! "${AS_OWNER[@]}" test -x "$DIR"; then
    DIR="$(getent passwd postgres | cut -d: -f6)/mcpauth-$(printf '%s' "$DIR" | sha1sum | cut -c1-12)"
    DATA="$DIR/data"
    SOCKET_DIR="$DIR/run"
  fi
fi

check_settings() {
  [[ $KEYCLOAK_DB_NAME =~ ^[a-z_][a-z0-9_]*$ ]] || die "KEYCLOAK_DB_NAME must be a plain lower-case SQL name: $KEYCLOAK_DB_NAME"
  [[ $KEYCLOAK_DB_USER =~ ^[a-z_][a-z0-9_]*$ ]] || die "KEYCLOAK_DB_USER must be a plain lower-case SQL name: $KEYCLOAK_DB_USER"
  [[ $KEYCLOAK_DB_PORT =~ ^[0-9]+$ ]] || die "KEYCLOAK_DB_PORT must be a port number: $KEYCLOAK_DB_PORT"
  [[ -n $KEYCLOAK_DB_PASSWORD ]] || die "KEYCLOAK_DB_PASSWORD is empty"
}

# psql as the cluster's owner over the Unix socket, SQL on standard input; its output goes to the
# log (psql echoes no statement; the SQL quotes the password, so no syntax error can show it)
psql_owner() {
  "${AS_OWNER[@]}" "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$KEYCLOAK_DB_PORT" -d postgres \
    >>"$(log_file "$NAME")" 2>&1
}

sql_literal() { local s=${1//\'/\'\'}; printf "'%s'" "$s"; }

# The role with the current password (a changed KEYCLOAK_DB_PASSWORD applies at the next start)
# and the database it owns.
create_database() {
  psql_owner <<SQL
SET log_min_error_statement = panic;
SET log_statement = 'none';
SELECT 'CREATE ROLE $KEYCLOAK_DB_USER LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$KEYCLOAK_DB_USER') \gexec
ALTER ROLE $KEYCLOAK_DB_USER WITH LOGIN PASSWORD $(sql_literal "$KEYCLOAK_DB_PASSWORD");
SELECT 'CREATE DATABASE $KEYCLOAK_DB_NAME OWNER $KEYCLOAK_DB_USER ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$KEYCLOAK_DB_NAME') \gexec
SQL
}

init_cluster() {
  mkdir -p "$DIR" "$SOCKET_DIR"
  if (( ${#AS_OWNER[@]} )); then
    chown postgres:postgres "$DIR" "$SOCKET_DIR"
    "${AS_OWNER[@]}" test -w "$DIR" -a -x "$DIR" || die "the postgres user cannot write to $DIR"
  fi
  chmod 700 "$SOCKET_DIR"
  [[ -f $DATA/PG_VERSION ]] && return 0
  # (a new cluster has an empty database: Keycloak imports the realm into it)
  log "creating the PostgreSQL cluster in $DATA"
  "${AS_OWNER[@]}" "$(pg_bin)/initdb" -D "$DATA" --encoding=UTF8 --no-locale \
    --auth-local=peer --auth-host=scram-sha-256 >>"$(log_file "$NAME")" 2>&1 \
    || die "initdb failed; see $(log_file "$NAME")"
}

start() {
  check_settings
  if is_running "$NAME"; then log "$NAME already running (PID $(cat "$(pid_file "$NAME")"))"; return 0; fi
  require_free_port "Keycloak's PostgreSQL (KEYCLOAK_DB_PORT)" "$KEYCLOAK_DB_PORT"
  local t0=$SECONDS bin
  bin=$(pg_bin)
  : > "$(log_file "$NAME")"
  init_cluster
  log "starting $NAME $("$bin/postgres" --version | awk '{print $3}') on $KEYCLOAK_DB_HOST:$KEYCLOAK_DB_PORT (data $DATA)"
  # logs go to standard error, which start_background sends to the log file (appended: initdb's lines stay)
  local logf; logf=$(log_file "$NAME")
  setsid "${AS_OWNER[@]}" "$bin/postgres" -D "$DATA" -h "$KEYCLOAK_DB_HOST" -p "$KEYCLOAK_DB_PORT" \
    -k "$SOCKET_DIR" >>"$logf" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$NAME")"
  local ready=0
  while (( SECONDS - t0 < ${POSTGRES_START_TIMEOUT:-60} )); do
    is_running "$NAME" || { tail -n 20 "$logf" >&2; die "$NAME exited during start; see $logf"; }
    if "$bin/pg_isready" -q -h "$KEYCLOAK_DB_HOST" -p "$KEYCLOAK_DB_PORT"; then ready=1; break; fi
    sleep 0.2
  done
  (( ready )) || { stop; die "$NAME did not accept connections; see $logf"; }
  create_database || { stop; die "could not create the database $KEYCLOAK_DB_NAME and user $KEYCLOAK_DB_USER; see $logf"; }
  log "$NAME ready in $((SECONDS - t0)) s: database $KEYCLOAK_DB_NAME, user $KEYCLOAK_DB_USER"
}

reset() {
  check_settings
  is_running "$NAME" || die "$NAME is not running"
  log "emptying the database $KEYCLOAK_DB_NAME (Keycloak imports the realm again)"
  echo "DROP DATABASE IF EXISTS $KEYCLOAK_DB_NAME WITH (FORCE);" | psql_owner || die "could not drop $KEYCLOAK_DB_NAME; see $(log_file "$NAME")"
  create_database || die "could not create $KEYCLOAK_DB_NAME; see $(log_file "$NAME")"
}

# Fast shutdown (SIGINT to the postmaster: sessions are ended, the data is consistent), then
# stop_component for whatever is left.
stop() {
  local f pid i
  f=$(pid_file "$NAME")
  if [[ -f $f ]] && pid=$(cat "$f") && kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null || { rm -f "$f"; log "$NAME stopped (PID $pid)" || true; return 0; }
  fi
  stop_component "$NAME"
}

status() {
  if is_running "$NAME"; then
    echo "$NAME running (PID $(cat "$(pid_file "$NAME")")) on $KEYCLOAK_DB_HOST:$KEYCLOAK_DB_PORT, database $KEYCLOAK_DB_NAME, log $(log_file "$NAME")"
  else
    echo "$NAME stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  reset) reset ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
