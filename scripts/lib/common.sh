# Shared by every script of the stack: settings, state folders, ports, processes, health checks.
# Source it; it defines functions and loads the settings (see config/stack.env).
# shellcheck shell=bash

STACK_ROOT=${STACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# Expands ${NAME} references with the values loaded so far.
_stack_expand() {
  local s=$1 out="" name
  while [[ $s =~ ^([^$]*)\$\{([A-Za-z_][A-Za-z0-9_]*)\}(.*)$ ]]; do
    out+="${BASH_REMATCH[1]}"; name=${BASH_REMATCH[2]}; s=${BASH_REMATCH[3]}
    out+="${!name-}"
  done
  printf '%s' "$out$s"
}

# Loads config/stack.env, then the file named by $STACK_CONFIG; a variable already in the
# environment wins over both. Every key is exported.
stack_load_config() {
  local defaults="$STACK_ROOT/config/stack.env" override="${STACK_CONFIG:-}"
  [[ -n $override && $override != /* ]] && override="$STACK_ROOT/$override"
  if [[ -n $override && ! -f $override ]]; then
    echo "STACK_CONFIG names $override, which does not exist" >&2; return 1
  fi
  declare -gA _STACK_OVERRIDE=() _STACK_FROM_ENV=()
  local line key val
  if [[ -n $override ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
      _STACK_OVERRIDE[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
    done < "$override"
  fi
  STACK_KEYS=()
  local f
  for f in "$defaults" ${override:+"$override"}; do
    while IFS= read -r line || [[ -n $line ]]; do
      [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
      key=${BASH_REMATCH[1]}
      [[ " ${STACK_KEYS[*]} " == *" $key "* ]] && continue
      STACK_KEYS+=("$key")
      if [[ -n ${!key+x} ]]; then
        _STACK_FROM_ENV[$key]=1; val=${!key}
      elif [[ -n ${_STACK_OVERRIDE[$key]+x} ]]; then
        val=$(_stack_expand "${_STACK_OVERRIDE[$key]}")
      else
        val=$(_stack_expand "${BASH_REMATCH[2]}")
      fi
      printf -v "$key" '%s' "$val"; export "${key?}"
    done < "$f"
  done
  [[ $STACK_STATE_DIR == /* ]] || STACK_STATE_DIR="$STACK_ROOT/$STACK_STATE_DIR"
  export STACK_STATE_DIR STACK_ROOT
  if [[ -n ${AUDIT_LOG_DIR:-} && $AUDIT_LOG_DIR != /* ]]; then AUDIT_LOG_DIR="$STACK_ROOT/$AUDIT_LOG_DIR"; export AUDIT_LOG_DIR; fi
  mkdir -p "$STACK_STATE_DIR/logs" "$STACK_STATE_DIR/pids"
}

# Prints the resolved settings as KEY=VALUE lines (tests read them this way).
stack_print_config() {
  local k
  for k in "${STACK_KEYS[@]}"; do printf '%s=%s\n' "$k" "${!k}"; done
}

log()  { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

pid_file() { printf '%s/pids/%s.pid' "$STACK_STATE_DIR" "$1"; }
log_file() { printf '%s/logs/%s.log' "$STACK_STATE_DIR" "$1"; }

# is_running NAME: true when NAME's recorded PID is alive.
is_running() {
  local f; f=$(pid_file "$1")
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# require_free_port NAME PORT: fails with a message naming the component when the port is taken.
require_free_port() {
  local name=$1 port=$2
  if (exec 3<>"/dev/tcp/$STACK_BIND/$port") 2>/dev/null; then
    die "port $port ($name) on $STACK_BIND is already in use; stop what uses it or change the port in config/stack.env"
  fi
}

# start_background NAME CMD...: runs CMD in its own process group, output to the component's
# log, PID recorded. Refuses when NAME already runs.
start_background() {
  local name=$1; shift
  if is_running "$name"; then die "$name is already running (PID $(cat "$(pid_file "$name")"))"; fi
  local logf; logf=$(log_file "$name")
  : > "$logf"
  setsid "$@" >>"$logf" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# wait_http NAME URL TIMEOUT_SECONDS [EXPECTED_STATUS_REGEX]: waits until URL answers.
wait_http() {
  local name=$1 url=$2 timeout=$3 want=${4:-'^[23]'} start=$SECONDS code
  while (( SECONDS - start < timeout )); do
    if ! is_running "$name"; then
      log "$name exited during start; last lines of $(log_file "$name"):"
      tail -n 30 "$(log_file "$name")" >&2
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
    [[ $code =~ $want ]] && return 0
    sleep 0.5
  done
  log "$name did not answer $url within ${timeout}s; see $(log_file "$name")"
  return 1
}

# stop_component NAME: stops NAME's process group by its recorded PID (TERM, then KILL).
stop_component() {
  local name=$1 f pid i
  f=$(pid_file "$name")
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; fi
    rm -f "$f"
    log "$name stopped (PID $pid)" || true   # (the terminal may be gone after Ctrl-C)
  fi
  rm -f "$f"
}

# ---- Liberty instances (LIBERTY_INSTANCES) -------------------------------------------------------
# liberty_instances: LIBERTY_INSTANCES, checked (a whole number from 1 to 16).
liberty_instances() {
  [[ ${LIBERTY_INSTANCES:-} =~ ^[0-9]+$ ]] && (( LIBERTY_INSTANCES >= 1 && LIBERTY_INSTANCES <= 16 )) \
    || die "setting LIBERTY_INSTANCES must be a whole number from 1 to 16 (is '${LIBERTY_INSTANCES:-}')"
  printf '%d' "$LIBERTY_INSTANCES"
}

# liberty_instance_name I: the component name of instance I (its PID file, console log and state
# folder): instance 1 is "liberty", as with one instance; instance I > 1 is "liberty-I".
liberty_instance_name() { if (( $1 == 1 )); then printf liberty; else printf 'liberty-%d' "$1"; fi; }

# liberty_instance_port I: instance I's HTTP port, LIBERTY_HTTP_PORT + I - 1.
liberty_instance_port() { printf '%d' $(( LIBERTY_HTTP_PORT + $1 - 1 )); }

# liberty_recorded_names: the names of every Liberty instance that has a PID file (whatever
# LIBERTY_INSTANCES says now: a stop must find the instances of a start with another value).
liberty_recorded_names() {
  local f n
  for f in "$STACK_STATE_DIR"/pids/liberty.pid "$STACK_STATE_DIR"/pids/liberty-*.pid; do
    [[ -f $f ]] || continue
    n=${f##*/}; n=${n%.pid}
    [[ $n =~ ^liberty(-[0-9]+)?$ ]] && printf '%s\n' "$n"
  done
  return 0
}

# find_java MIN_MAJOR: prints a JAVA_HOME whose major version is at least MIN_MAJOR.
find_java() {
  local min=$1 candidate v
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    v=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [[ ${v%%.*} =~ ^[0-9]+$ ]] && (( ${v%%.*} >= min )) && { printf '%s' "$candidate"; return 0; }
  done
  return 1
}

stack_load_config

# OTEL_SDK_DISABLED for Liberty's MicroProfile Telemetry, derived from the one tracing setting:
# false (export spans) when OTEL_EXPORTER_OTLP_ENDPOINT is set, else true (a no-op tracer).
otel_sdk_disabled() {
  if [[ -n ${OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then echo false; else echo true; fi
}
