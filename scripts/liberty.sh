#!/usr/bin/env bash
# The Open Liberty servers of the stack (liberty-config): stocks-war at /api, mcp-war at /, as
# LIBERTY_INSTANCES instances behind the gateway.
#   scripts/liberty.sh start    build what is missing, start every instance, wait until each is ready
#   scripts/liberty.sh stop     stop every instance by PID (those of an earlier start with more instances too)
#   scripts/liberty.sh status   each instance: running or not, and its health
# Instance 1 is the server the build assembles (liberty-config/target/liberty/wlp/usr/servers/defaultServer,
# output in $STACK_STATE_DIR/liberty, console log logs/liberty.log), on $STACK_BIND:$LIBERTY_HTTP_PORT.
# Instance I > 1 is a copy of its configuration and applications in $STACK_STATE_DIR/liberty-I/usr
# (WLP_USER_DIR), output and logs in $STACK_STATE_DIR/liberty-I, console log logs/liberty-I.log, on
# LIBERTY_HTTP_PORT+I-1; its settings that name instance 1's own address (STOCKS_API_URL and
# MCP_ALLOWED_HOSTS by default: 127.0.0.1, localhost or STACK_BIND with LIBERTY_HTTP_PORT) name its own, so
# that each instance calls its own stocks API, and its audit files go to $AUDIT_LOG_DIR/liberty-I/.
# Settings come from config/stack.env (or $STACK_CONFIG) through common.sh, exported as environment
# variables: server.xml variables and the applications' MicroProfile Config read them directly.
# LIBERTY_REBUILD=1 forces the Maven build even when the server is already assembled.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

SERVER_NAME=defaultServer
WLP="$STACK_ROOT/liberty-config/target/liberty/wlp"
BASE_SERVER_DIR="$WLP/usr/servers/$SERVER_NAME"
READY_TIMEOUT=${LIBERTY_READY_TIMEOUT:-180}

build() {
  local stale=0
  [[ -x $WLP/bin/server && -f $BASE_SERVER_DIR/server.xml ]] || stale=1
  [[ -n $(ls "$BASE_SERVER_DIR"/apps/stocks-war.war* 2>/dev/null) ]] || stale=1
  if [[ ${LIBERTY_REBUILD:-0} == 1 || $stale == 1 ]]; then
    log "building the Liberty server (mvn -pl liberty-config -am package)"
    (cd "$STACK_ROOT" && mvn -B -q -pl liberty-config -am package -DskipTests) \
      || die "the Maven build of liberty-config failed"
  fi
}

# instance I: sets NAME, PORT, HTTPS_PORT, USER_DIR (empty = Liberty's own usr/), SERVER_DIR and
# OUTPUT_DIR (Liberty's output: workarea, logs/messages.log) of instance I.
instance() {
  local i=$1
  NAME=$(liberty_instance_name "$i")
  PORT=$(liberty_instance_port "$i")
  HTTPS_PORT=$LIBERTY_HTTPS_PORT
  [[ $LIBERTY_HTTPS_PORT =~ ^[0-9]+$ && $LIBERTY_HTTPS_PORT -gt 0 ]] && HTTPS_PORT=$(( LIBERTY_HTTPS_PORT + i - 1 ))
  OUTPUT_DIR="$STACK_STATE_DIR/$NAME"
  if (( i == 1 )); then
    USER_DIR="" SERVER_DIR=$BASE_SERVER_DIR
  else
    USER_DIR="$OUTPUT_DIR/usr" SERVER_DIR="$OUTPUT_DIR/usr/servers/$SERVER_NAME"
  fi
}

# instance_settings I: the environment instance I > 1 differs in (KEY=VALUE lines): its ports, its audit
# folder, and every setting whose value names instance 1's own address, with its own port instead.
instance_settings() {
  local i=$1 key value own
  printf 'LIBERTY_HTTP_PORT=%s\nLIBERTY_HTTPS_PORT=%s\n' "$PORT" "$HTTPS_PORT"
  printf 'AUDIT_LOG_DIR=%s\n' "$AUDIT_LOG_DIR/$NAME"
  local own_re="(^|[^A-Za-z0-9.-])(127\\.0\\.0\\.1|localhost|${STACK_BIND//./\\.}):$LIBERTY_HTTP_PORT([^0-9]|\$)"
  for key in "${STACK_KEYS[@]}"; do
    [[ $key == LIBERTY_HTTP_PORT || $key == LIBERTY_HTTPS_PORT || $key == AUDIT_LOG_DIR ]] && continue
    value=${!key}
    # (twice: two addresses side by side share the character between them)
    own=$(sed -E "s#$own_re#\\1\\2:$PORT\\3#g; s#$own_re#\\1\\2:$PORT\\3#g" <<< "$value")
    [[ $own == "$value" ]] || printf '%s=%s\n' "$key" "$own"
  done
}

# prepare I: instance I > 1 gets a fresh copy of instance 1's configuration and applications (the
# benchmark's ceiling WAR excepted); its server.env (with its keystore password) is kept.
prepare() {
  (( $1 > 1 )) || return 0
  local keep=""
  [[ -f $SERVER_DIR/server.env ]] && keep=$(<"$SERVER_DIR/server.env")
  rm -rf "$SERVER_DIR"
  mkdir -p "$SERVER_DIR"
  tar -C "$BASE_SERVER_DIR" --exclude=./server.env --exclude=./workarea --exclude=./logs \
      --exclude=./bench.xml --exclude=./apps/bench-ceiling.war -cf - . | tar -C "$SERVER_DIR" -xf -
  [[ -n $keep ]] && printf '%s\n' "$keep" > "$SERVER_DIR/server.env"
  return 0
}

# server_env I: writes instance I's server.env (which wins over the environment in Liberty) with the
# settings of this start.
server_env() {
  if (( $1 == 1 )); then
    "$STACK_ROOT/scripts/liberty-server-env.sh" "$SERVER_DIR/server.env"
  else
    local line
    (
      while IFS= read -r line; do export "${line%%=*}=${line#*=}"; done < <(instance_settings "$1")
      "$STACK_ROOT/scripts/liberty-server-env.sh" "$SERVER_DIR/server.env"
    )
  fi
}

ready_url() {
  # /health/ready covers every application; until mcp-war is deployed, the API's 401 is the signal
  if [[ -n $(ls "$SERVER_DIR"/apps/mcp-war.war* 2>/dev/null) ]]; then
    echo "http://$STACK_BIND:$PORT/health/ready 200"
  else
    echo "http://$STACK_BIND:$PORT/api/stocks 401"
  fi
}

launch() {  # launch I: starts instance I in the background (does not wait)
  instance "$1"
  if is_running "$NAME"; then log "$NAME already runs (PID $(cat "$(pid_file "$NAME")"))"; return 0; fi
  LAUNCHED+=("$1")
  prepare "$1"
  server_env "$1"
  mkdir -p "$OUTPUT_DIR/logs"
  # messages hidden in server.xml (CWWKS5523E quotes rejected tokens) would land in trace.log
  rm -f "$OUTPUT_DIR/logs/trace.log"; ln -s /dev/null "$OUTPUT_DIR/logs/trace.log"
  local user_dir=()
  [[ -n $USER_DIR ]] && user_dir=("WLP_USER_DIR=$USER_DIR")
  JAVA_HOME=$JAVA_FOR_LIBERTY WLP_OUTPUT_DIR="$OUTPUT_DIR/servers" LOG_DIR="$OUTPUT_DIR/logs" \
    start_background "$NAME" env "${user_dir[@]}" "$WLP/bin/server" run "$SERVER_NAME"
}

await() {  # await I: waits until instance I is ready
  instance "$1"
  local url code; read -r url code < <(ready_url)
  wait_http "$NAME" "$url" "$READY_TIMEOUT" "^$code\$" || return 1
  log "$NAME ready in $((SECONDS - T0))s at http://$STACK_BIND:$PORT (PID $(cat "$(pid_file "$NAME")"), log $(log_file "$NAME"), messages $OUTPUT_DIR/logs/messages.log)"
}

stop_all() {
  local n
  for n in $(liberty_recorded_names); do stop_component "$n"; done
}

start() {
  local count i; count=$(liberty_instances)
  for (( i=1; i<=count; i++ )); do
    instance "$i"
    is_running "$NAME" && continue
    require_free_port "Liberty HTTP of $NAME (LIBERTY_HTTP_PORT+$((i-1)))" "$PORT"
    [[ $HTTPS_PORT =~ ^[0-9]+$ && $HTTPS_PORT -gt 0 ]] && require_free_port "Liberty HTTPS of $NAME (LIBERTY_HTTPS_PORT+$((i-1)))" "$HTTPS_PORT"
  done
  build
  JAVA_FOR_LIBERTY=$(find_java 17) || die "Liberty needs Java 17 or later"
  T0=$SECONDS LAUNCHED=()
  # all at once, then each one's readiness
  for (( i=1; i<=count; i++ )); do launch "$i"; done
  for i in "${LAUNCHED[@]}"; do
    if ! await "$i"; then
      # stop what this start launched (instances that already ran go on)
      for i in "${LAUNCHED[@]}"; do stop_component "$(liberty_instance_name "$i")"; done
      die "$NAME did not become ready"
    fi
  done
  (( count == 1 )) || log "$count Liberty instances ready on ports $LIBERTY_HTTP_PORT-$(liberty_instance_port "$count")"
}

status() {
  local count i rc=3 health; count=$(liberty_instances)
  for (( i=1; i<=count; i++ )); do
    instance "$i"
    if is_running "$NAME"; then
      health=$(curl -s --max-time 5 "http://$STACK_BIND:$PORT/health/ready" || true)
      echo "$NAME: running (PID $(cat "$(pid_file "$NAME")")) on $STACK_BIND:$PORT; /health/ready: ${health:-no answer}"
      rc=0
    else
      echo "$NAME: stopped"
    fi
  done
  return $rc
}

case ${1:-} in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
