#!/usr/bin/env bash
# The Open Liberty server of the stack (liberty-config): stocks-war at /api, mcp-war at /.
#   scripts/liberty.sh start    build what is missing, start on $STACK_BIND:$LIBERTY_HTTP_PORT, wait until ready
#   scripts/liberty.sh stop     stop it by PID
#   scripts/liberty.sh status   running or not, and its health
# Settings come from config/stack.env (or $STACK_CONFIG) through common.sh, exported as environment
# variables: server.xml variables and the applications' MicroProfile Config read them directly.
# LIBERTY_REBUILD=1 forces the Maven build even when the server is already assembled.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

NAME=liberty
SERVER_NAME=defaultServer
WLP="$STACK_ROOT/liberty-config/target/liberty/wlp"
SERVER_DIR="$WLP/usr/servers/$SERVER_NAME"
# Liberty's own output (logs/messages.log, workarea) goes to the stack's state folder
OUTPUT_DIR="$STACK_STATE_DIR/liberty"
READY_TIMEOUT=${LIBERTY_READY_TIMEOUT:-180}

build() {
  local stale=0
  [[ -x $WLP/bin/server && -f $SERVER_DIR/server.xml ]] || stale=1
  [[ -n $(ls "$SERVER_DIR"/apps/stocks-war.war* 2>/dev/null) ]] || stale=1
  if [[ ${LIBERTY_REBUILD:-0} == 1 || $stale == 1 ]]; then
    log "building the Liberty server (mvn -pl liberty-config -am package)"
    (cd "$STACK_ROOT" && mvn -B -q -pl liberty-config -am package -DskipTests) \
      || die "the Maven build of liberty-config failed"
  fi
}

ready_url() {
  # /health/ready covers every application; until mcp-war is deployed, the API's 401 is the signal
  if [[ -n $(ls "$SERVER_DIR"/apps/mcp-war.war* 2>/dev/null) ]]; then
    echo "http://$STACK_BIND:$LIBERTY_HTTP_PORT/health/ready 200"
  else
    echo "http://$STACK_BIND:$LIBERTY_HTTP_PORT/api/stocks 401"
  fi
}

start() {
  if is_running "$NAME"; then log "$NAME already runs (PID $(cat "$(pid_file "$NAME")"))"; return 0; fi
  require_free_port "Liberty HTTP (LIBERTY_HTTP_PORT)" "$LIBERTY_HTTP_PORT"
  [[ ${LIBERTY_HTTPS_PORT:-} =~ ^[0-9]+$ && $LIBERTY_HTTPS_PORT -gt 0 ]] \
    && require_free_port "Liberty HTTPS (LIBERTY_HTTPS_PORT)" "$LIBERTY_HTTPS_PORT"
  build
  local java_home; java_home=$(find_java 17) || die "Liberty needs Java 17 or later"
  # server.env wins over the environment in Liberty: write it with the settings of this start
  "$STACK_ROOT/scripts/liberty-server-env.sh" "$SERVER_DIR/server.env"
  mkdir -p "$OUTPUT_DIR/logs"
  # messages hidden in server.xml (CWWKS5523E quotes rejected tokens) would land in trace.log
  rm -f "$OUTPUT_DIR/logs/trace.log"; ln -s /dev/null "$OUTPUT_DIR/logs/trace.log"
  local t0=$SECONDS
  JAVA_HOME=$java_home WLP_OUTPUT_DIR="$OUTPUT_DIR/servers" LOG_DIR="$OUTPUT_DIR/logs" \
    start_background "$NAME" "$WLP/bin/server" run "$SERVER_NAME"
  local url code; read -r url code < <(ready_url)
  if ! wait_http "$NAME" "$url" "$READY_TIMEOUT" "^$code\$"; then
    stop_component "$NAME"; die "$NAME did not become ready"
  fi
  log "$NAME ready in $((SECONDS - t0))s at http://$STACK_BIND:$LIBERTY_HTTP_PORT (PID $(cat "$(pid_file "$NAME")"), log $(log_file "$NAME"), messages $OUTPUT_DIR/logs/messages.log)"
}

status() {
  if is_running "$NAME"; then
    local health; health=$(curl -s --max-time 5 "http://$STACK_BIND:$LIBERTY_HTTP_PORT/health/ready" || true)
    echo "$NAME: running (PID $(cat "$(pid_file "$NAME")")) on $STACK_BIND:$LIBERTY_HTTP_PORT; /health/ready: ${health:-no answer}"
  else
    echo "$NAME: stopped"; return 3
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop_component "$NAME" ;;
  status) status ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
