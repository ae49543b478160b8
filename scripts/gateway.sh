#!/usr/bin/env bash
# The local gateway: nginx + Lua running the phantom token module in front of Liberty.
#   scripts/gateway.sh start    render the config, start nginx on $STACK_BIND:$GATEWAY_PORT (and the purge
#                               endpoint on $STACK_BIND:$GATEWAY_ADMIN_PORT), wait until ready
#   scripts/gateway.sh stop     stop it (by PID)
#   scripts/gateway.sh status   say whether it runs
#   scripts/gateway.sh render   only write the nginx config ($STACK_STATE_DIR/gateway/nginx.conf) and print its path
#   scripts/gateway.sh rotate-audit  rotate $AUDIT_LOG_DIR/audit-gateway.jsonl once it has AUDIT_LOG_MAX_BYTES
#                               (.1.jsonl, .2.jsonl, ... up to AUDIT_LOG_FILES files) and make nginx reopen it
# Settings (config/stack.env, gateway block): GATEWAY_PORT, GATEWAY_ADMIN_PORT, LIBERTY_HTTP_PORT,
# AS_INTROSPECTION_ENDPOINT, GATEWAY_CLIENT_ID, GATEWAY_CLIENT_SECRET, GATEWAY_PURGE_SECRET,
# GATEWAY_TOKEN_CACHE_SECONDS, GATEWAY_CACHE_SIZE, GATEWAY_INTROSPECTION_TIMEOUT_MS,
# GATEWAY_UPSTREAM_READ_TIMEOUT_SECONDS, GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS, GATEWAY_WORKER_PROCESSES,
# ALLOWED_ORIGINS, AUDIT_LOG_DIR, AUDIT_LOG_MAX_BYTES, AUDIT_LOG_FILES, LIBERTY_INSTANCES (one upstream
# server per Liberty instance), and for the per-tool scope rule on the MCP route MCP_RESOURCE,
# STOCKS_SCOPE, MCP_TOOL_SCOPES.
# The config is the template gateway/nginx/nginx.conf (and its parts in gateway/nginx/) filled in
# with the settings and the route table gateway/routes.conf.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/routes.sh"

NAME=gateway
GW_DIR="$STACK_STATE_DIR/gateway"
CONF="$GW_DIR/nginx.conf"
ROUTE_TABLE="$STACK_ROOT/gateway/routes.conf"
TEMPLATES="$STACK_ROOT/gateway/nginx"
LUA_DIR="$STACK_ROOT/gateway/lua"
NGINX=${NGINX:-nginx}
# Debian's nginx-light with libnginx-mod-http-lua keeps its dynamic modules here
NGINX_MODULES_DIR=${NGINX_MODULES_DIR:-/usr/lib/nginx/modules}

# Quotes a value for a Lua double-quoted string.
lua_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

# Fails unless the value is safe to place in the nginx config unquoted.
plain() { [[ $2 =~ ^[A-Za-z0-9._:/@%+=,-]*$ ]] || die "setting $1 has characters the gateway config cannot take: $2"; printf '%s' "$2"; }

# fill TEMPLATE: prints gateway/nginx/TEMPLATE with every ${NAME} replaced by the value of the
# shell variable NAME (a setting or a value render sets); nginx's own $name has no braces.
fill() {
  local file="$TEMPLATES/$1" text out="" name
  text=$(<"$file")
  while [[ $text == *'${'* ]]; do
    out+=${text%%'${'*}; text=${text#*'${'}
    name=${text%%\}*}; text=${text#*\}}
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ && -n ${!name+x} ]] || die "gateway/nginx/$1: \${$name} is neither a setting nor a value scripts/gateway.sh sets"
    out+=${!name}
  done
  printf '%s\n' "$out$text"
}

render() {
  local v
  for v in GATEWAY_PORT GATEWAY_ADMIN_PORT GATEWAY_TOKEN_CACHE_SECONDS GATEWAY_INTROSPECTION_TIMEOUT_MS GATEWAY_UPSTREAM_READ_TIMEOUT_SECONDS GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS; do
    [[ ${!v:-} =~ ^[0-9]+$ ]] || die "setting $v must be a whole number (is '${!v:-}')"
  done
  [[ $GATEWAY_ADMIN_PORT != "$GATEWAY_PORT" ]] || die "GATEWAY_ADMIN_PORT must differ from GATEWAY_PORT: the purge endpoint is never on the public port"
  [[ ${GATEWAY_CACHE_SIZE:-} =~ ^[0-9]+[kKmM]?$ ]] || die "setting GATEWAY_CACHE_SIZE must be a size like 10m (is '${GATEWAY_CACHE_SIZE:-}')"
  [[ ${GATEWAY_WORKER_PROCESSES:-} =~ ^([0-9]+|auto)$ ]] || die "setting GATEWAY_WORKER_PROCESSES must be a number or auto"
  [[ $AS_INTROSPECTION_ENDPOINT =~ ^(https?)://([^/:]+)(:([0-9]+))?(/[^[:space:]]*)?$ ]] \
    || die "setting AS_INTROSPECTION_ENDPOINT is not an http(s) URL: $AS_INTROSPECTION_ENDPOINT"
  # --- values the templates use besides the settings ---
  local INTROSPECTION_SCHEME=${BASH_REMATCH[1]} INTROSPECTION_HOST=${BASH_REMATCH[2]}
  local INTROSPECTION_PORT=${BASH_REMATCH[4]} INTROSPECTION_PATH=${BASH_REMATCH[5]:-/}
  plain AS_INTROSPECTION_ENDPOINT "$AS_INTROSPECTION_ENDPOINT" >/dev/null
  local INTROSPECTION_HOSTPORT=$INTROSPECTION_HOST${INTROSPECTION_PORT:+:$INTROSPECTION_PORT}
  # nginx would try every address of "localhost" (::1 too); the stack binds 127.0.0.1
  local INTROSPECTION_ADDR=$INTROSPECTION_HOST; [[ $INTROSPECTION_HOST == localhost ]] && INTROSPECTION_ADDR=127.0.0.1
  [[ -n $INTROSPECTION_PORT ]] || { [[ $INTROSPECTION_SCHEME == https ]] && INTROSPECTION_PORT=443 || INTROSPECTION_PORT=80; }
  local INTROSPECTION_TLS=""
  [[ $INTROSPECTION_SCHEME == https ]] && INTROSPECTION_TLS=$(fill introspection-tls.conf)
  local LUA_INTROSPECTION_ENDPOINT LUA_CLIENT_ID LUA_CLIENT_SECRET LUA_PURGE_SECRET
  local LUA_MCP_RESOURCE LUA_STOCKS_SCOPE LUA_MCP_TOOL_SCOPES
  LUA_MCP_RESOURCE=$(lua_str "$MCP_RESOURCE")
  LUA_STOCKS_SCOPE=$(lua_str "$STOCKS_SCOPE")
  LUA_MCP_TOOL_SCOPES=$(lua_str "${MCP_TOOL_SCOPES:-}")
  LUA_INTROSPECTION_ENDPOINT=$(lua_str "$AS_INTROSPECTION_ENDPOINT")
  LUA_CLIENT_ID=$(lua_str "$GATEWAY_CLIENT_ID")
  LUA_CLIENT_SECRET=$(lua_str "$GATEWAY_CLIENT_SECRET")
  LUA_PURGE_SECRET=$(lua_str "$GATEWAY_PURGE_SECRET")
  local GW_DIR=$GW_DIR LUA_DIR=$LUA_DIR NGINX_MODULES_DIR=$NGINX_MODULES_DIR

  read_routes "$ROUTE_TABLE"
  # the header lists as nginx wants them: "A, B, C"
  local CORS_METHODS=${CORS_METHODS_LIST//,/, } CORS_HEADERS=${CORS_HEADERS_LIST//,/, }
  local CORS_EXPOSED_HEADERS=${CORS_EXPOSED_HEADERS_LIST//,/, }
  local CORS_ORIGINS="" origin
  IFS=',' read -ra origins <<< "$ALLOWED_ORIGINS"
  for origin in "${origins[@]}"; do
    origin=${origin// /}
    [[ -n $origin ]] && CORS_ORIGINS+="        \"$(plain ALLOWED_ORIGINS "$origin")\" \$http_origin;"$'\n'
  done
  CORS_ORIGINS=${CORS_ORIGINS%$'\n'}

  local UPSTREAMS="" SERVICE SERVICE_SERVERS host port n
  for SERVICE in "${SERVICE_NAMES[@]}"; do
    [[ ${SERVICE_LOCAL[$SERVICE]} == - ]] && continue
    [[ ${SERVICE_LOCAL[$SERVICE]} =~ ^http://([^/:]+):([0-9]+)/?$ ]] || die "gateway/routes.conf: local upstream of $SERVICE must be http://host:port (is ${SERVICE_LOCAL[$SERVICE]})"
    host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]}
    # one server per instance, on consecutive ports. An instance that refuses the connection (or does
    # not accept within GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS) is skipped for fail_timeout and the request
    # goes to the next one (proxy_next_upstream in location.conf).
    SERVICE_SERVERS=""
    for (( n=0; n<${SERVICE_INSTANCES[$SERVICE]}; n++ )); do
      SERVICE_SERVERS+="        server $host:$((port + n)) max_fails=1 fail_timeout=10s;"$'\n'
    done
    SERVICE_SERVERS=${SERVICE_SERVERS%$'\n'}
    UPSTREAMS+=$(fill upstream.conf)$'\n'
  done
  UPSTREAMS=${UPSTREAMS%$'\n'}

  local ROUTES="" NOT_FOUND ROUTE ROUTE_PATH ROUTE_CORS ROUTE_PHANTOM_TOKEN ROUTE_STREAM r host phantom cors stream
  NOT_FOUND=$(fill not-found.conf)
  for r in "${ROUTE_LINES[@]}"; do
    read -r ROUTE host ROUTE_PATH SERVICE phantom cors stream <<< "$r"
    if [[ ${SERVICE_LOCAL[$SERVICE]} == - ]]; then
      ROUTES+=$'\n'"        # route $ROUTE ($host$ROUTE_PATH -> $SERVICE): Kong only, not proxied locally"$'\n'
      continue
    fi
    ROUTE_CORS="" ROUTE_PHANTOM_TOKEN="" ROUTE_STREAM=""
    [[ $cors == yes ]] && ROUTE_CORS=$(fill location-cors.conf)$'\n'
    [[ $phantom == yes ]] && ROUTE_PHANTOM_TOKEN=$(fill location-phantom-token.conf)$'\n'
    [[ $stream == yes ]] && ROUTE_STREAM=$(fill location-stream.conf)$'\n'
    ROUTES+=$(fill location.conf)$'\n'
    [[ $ROUTE_PATH == / ]] && NOT_FOUND=""
  done
  ROUTES=${ROUTES%$'\n'}

  plain AUDIT_LOG_DIR "$AUDIT_LOG_DIR" >/dev/null
  mkdir -p "$GW_DIR/temp" "$STACK_STATE_DIR/logs" "$AUDIT_LOG_DIR"
  local tmp; tmp=$(mktemp "$GW_DIR/nginx.conf.XXXXXX")
  chmod 600 "$tmp"
  fill nginx.conf > "$tmp" || { rm -f "$tmp"; exit 1; }
  mv -f "$tmp" "$CONF"
}

case ${1:-} in
  render)
    render
    "$NGINX" -t -q -p "$GW_DIR" -c "$CONF" -e stderr 2>&1 | grep -v 'could not open error log file' >&2 || true
    printf '%s\n' "$CONF"
    ;;
  start)
    command -v "$NGINX" >/dev/null || die "nginx not found; run scripts/prereqs.sh (Debian: nginx-light libnginx-mod-http-lua lua-cjson lua-resty-core)"
    if is_running "$NAME"; then log "$NAME already runs (PID $(cat "$(pid_file "$NAME")"))"; exit 0; fi
    require_free_port "$NAME" "$GATEWAY_PORT"
    require_free_port "$NAME admin (purge endpoint)" "$GATEWAY_ADMIN_PORT"
    render
    t0=$(date +%s%N)
    "$NGINX" -t -q -p "$GW_DIR" -c "$CONF" -e stderr || die "the generated nginx config $CONF does not load (see above)"
    start_background "$NAME" "$NGINX" -p "$GW_DIR" -c "$CONF" -e stderr
    wait_http "$NAME" "http://$STACK_BIND:$GATEWAY_PORT/_gateway/health" 30 '^200$' || { stop_component "$NAME"; die "$NAME did not start"; }
    log "$NAME ready on http://$STACK_BIND:$GATEWAY_PORT, purge endpoint http://$STACK_BIND:$GATEWAY_ADMIN_PORT/internal/purge (PID $(cat "$(pid_file "$NAME")")) in $(( ($(date +%s%N) - t0) / 1000000 )) ms; config $CONF"
    ;;
  stop)
    stop_component "$NAME"
    ;;
  rotate-audit)
    audit="$AUDIT_LOG_DIR/audit-gateway.jsonl"
    [[ -f $audit && $(stat -c %s "$audit") -ge $AUDIT_LOG_MAX_BYTES ]] || exit 0
    for (( i=AUDIT_LOG_FILES-1; i>1; i-- )); do
      [[ -f $AUDIT_LOG_DIR/audit-gateway.$((i-1)).jsonl ]] && mv -f "$AUDIT_LOG_DIR/audit-gateway.$((i-1)).jsonl" "$AUDIT_LOG_DIR/audit-gateway.$i.jsonl"
    done
    if (( AUDIT_LOG_FILES > 1 )); then mv -f "$audit" "$AUDIT_LOG_DIR/audit-gateway.1.jsonl"; else : > "$audit"; fi
    # nginx reopens its log files on USR1 (the old file stays complete: lines are written whole);
    # wait until no nginx process (master, workers) writes to the moved file any more
    if (( AUDIT_LOG_FILES > 1 )) && is_running "$NAME"; then
      master=$(cat "$(pid_file "$NAME")")
      kill -USR1 "$master"
      for (( i=0; i<100; i++ )); do
        held=0
        for p in "$master" $(pgrep -P "$master" || true); do
          ls -l "/proc/$p/fd" 2>/dev/null | grep -qF -- "$AUDIT_LOG_DIR/audit-gateway.1.jsonl" && held=1
        done
        (( held )) || break
        sleep 0.1
      done
      (( held )) && log "nginx still writes to audit-gateway.1.jsonl: it has not reopened its logs yet"
    fi
    log "rotated $audit"
    ;;
  status)
    if is_running "$NAME"; then echo "$NAME running (PID $(cat "$(pid_file "$NAME")")) on http://$STACK_BIND:$GATEWAY_PORT (admin: $GATEWAY_ADMIN_PORT)"
    else echo "$NAME stopped"; exit 3; fi
    ;;
  *)
# GATEWAY_UPSTREAM_READ_TIMEOUT_SECONDS, GATEWAY_WORKER_PROCESSES, ALLOWED_ORIGINS, AUDIT_LOG_DIR,
# AUDIT_LOG_MAX_BYTES, AUDIT_LOG_FILES, and for the per-tool scope rule on the MCP route
# MCP_RESOURCE, STOCKS_SCOPE, MCP_TOOL_SCOPES.
esac
