#!/usr/bin/env bash
# The authorization server: Keycloak (org.keycloak:keycloak-quarkus-dist from Maven) with the
# mcp-demo realm and our provider JAR, in start-dev mode on $STACK_BIND:$KEYCLOAK_PORT
# (health on $KEYCLOAK_MANAGEMENT_PORT), issuer $AS_ISSUER.
# Usage: scripts/keycloak.sh start|stop|status
# Working folder: $STACK_STATE_DIR/keycloak (distribution, providers/, data/), log:
# $STACK_STATE_DIR/logs/keycloak.log. Its database (KEYCLOAK_DB): dev-file, the embedded file
# database in data/, or postgres, the PostgreSQL of scripts/postgres.sh, which this script starts
# before Keycloak and stops after it. A changed realm file, provider JAR, Keycloak version or
# database kind gives a fresh data folder (and an empty PostgreSQL database) on the next start: the
# realm is imported only into an empty one.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

NAME=keycloak
MODULE="$STACK_ROOT/authorization-server"
REALM_TEMPLATE="$MODULE/realm/mcp-demo-realm.json"
PROVIDER_JAR="$MODULE/keycloak-extension/target/mcp-keycloak-extension.jar"
KC_VERSION=${KEYCLOAK_VERSION:-$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$STACK_ROOT/pom.xml" | head -1)}
M2_REPO=${MAVEN_REPO:-$HOME/.m2/repository}
DIST_ZIP="$M2_REPO/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
WORK="$STACK_STATE_DIR/keycloak"
HOME_DIR="$WORK/keycloak-$KC_VERSION"
FEATURES=cimd
HEALTH_URL="http://$STACK_BIND:$KEYCLOAK_MANAGEMENT_PORT/health/ready"

# Fills ${KEY} placeholders of the realm template with the exported settings (JSON-escaped).
# A JSON string that is exactly "${DCR_ALLOWED_REDIRECT_HOSTS}" becomes one string per listed host
# (the template stays valid JSON: ["${DCR_ALLOWED_REDIRECT_HOSTS}"] -> ["localhost","127.0.0.1"]).
render_realm() {
  local hosts="" h
  IFS=',' read -ra _hosts <<< "$DCR_ALLOWED_REDIRECT_HOSTS"
  for h in "${_hosts[@]}"; do h=${h// /}; [[ -n $h ]] && hosts+="${hosts:+,}\"$h\""; done
  DCR_ALLOWED_REDIRECT_HOSTS_JSON=$hosts perl -pe '
    s/"\$\{DCR_ALLOWED_REDIRECT_HOSTS\}"/$ENV{DCR_ALLOWED_REDIRECT_HOSTS_JSON}/g;
    s/\$\{([A-Z][A-Z0-9_]*)\}/exists $ENV{$1} ? do { (my $v = $ENV{$1}) =~ s{([\\"])}{\\$1}g; $v } : $&/ge;
  ' "$REALM_TEMPLATE" > "$1"
  if grep -qE '\$\{[A-Z][A-Z0-9_]*\}' "$1"; then
    die "realm template names settings that are not defined: $(grep -oE '\$\{[A-Z][A-Z0-9_]*\}' "$1" | sort -u | tr '\n' ' ')"
  fi
}

prepare() {
  [[ -f $DIST_ZIP ]] || {
    log "fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip through Maven"
    (cd "$STACK_ROOT" && mvn -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -Dtransitive=false) \
      || die "could not get keycloak-quarkus-dist $KC_VERSION from Maven"
  }
  [[ -f $PROVIDER_JAR ]] || {
    log "building the provider JAR (authorization-server/keycloak-extension)"
    (cd "$STACK_ROOT" && mvn -B -q -pl authorization-server/keycloak-extension -am -DskipTests package) \
      || die "could not build the provider JAR"
  }
  mkdir -p "$WORK"
  if [[ ! -x $HOME_DIR/bin/kc.sh ]]; then
    log "unpacking Keycloak $KC_VERSION into $WORK"
    rm -rf "$HOME_DIR"; unzip -q "$DIST_ZIP" -d "$WORK" || die "could not unpack $DIST_ZIP"
  fi
  local realm_file="$WORK/mcp-demo-realm.json"
  render_realm "$realm_file"
  local sum
  sum=$(cat "$realm_file" "$PROVIDER_JAR" <(echo "$KC_VERSION $FEATURES $KEYCLOAK_DB") | sha256sum | cut -d' ' -f1)
  if [[ ! -f $WORK/checksum || $(cat "$WORK/checksum") != "$sum" ]]; then
    log "realm, provider, version or database changed: fresh data folder, realm will be imported"
    rm -rf "$HOME_DIR/data" "$HOME_DIR/providers"/*.jar
    [[ $KEYCLOAK_DB == postgres ]] && { "$STACK_ROOT/scripts/postgres.sh" reset || return 1; }
  fi
  mkdir -p "$HOME_DIR/data/import" "$HOME_DIR/providers"
  cp "$realm_file" "$HOME_DIR/data/import/mcp-demo-realm.json"
  cp "$PROVIDER_JAR" "$HOME_DIR/providers/"
  echo "$sum" > "$WORK/checksum"
}

start() {
  if is_running "$NAME"; then log "$NAME already running (PID $(cat "$(pid_file "$NAME")"))"; return 0; fi
  local java_home
  java_home=$(find_java 21) || die "Keycloak $KC_VERSION needs a JDK 21 or newer; none found (JAVA_HOME, /usr/lib/jvm/*). Install one (e.g. Temurin 25) or set JAVA_HOME"
  require_free_port "Keycloak HTTP (KEYCLOAK_PORT)" "$KEYCLOAK_PORT"
  require_free_port "Keycloak management (KEYCLOAK_MANAGEMENT_PORT)" "$KEYCLOAK_MANAGEMENT_PORT"
  local t0=$SECONDS
  local extra=()
  case $KEYCLOAK_DB in
    dev-file) extra+=(--db=dev-file) ;;
    postgres)
      "$STACK_ROOT/scripts/postgres.sh" start || die "Keycloak's PostgreSQL did not start"
      # (the password goes by environment, KC_DB_PASSWORD below, not on the command line)
      extra+=(--db=postgres --db-url="jdbc:postgresql://$KEYCLOAK_DB_HOST:$KEYCLOAK_DB_PORT/$KEYCLOAK_DB_NAME"
              --db-username="$KEYCLOAK_DB_USER") ;;
    *) die "KEYCLOAK_DB must be dev-file or postgres, not '$KEYCLOAK_DB'" ;;
  esac
  prepare || { stop; die "could not prepare $NAME"; }
  # extra CAs Keycloak trusts when it fetches https URLs (e.g. Client ID Metadata Documents)
  [[ -n ${KEYCLOAK_TRUSTSTORE_PATHS:-} ]] && extra+=(--truststore-paths="$KEYCLOAK_TRUSTSTORE_PATHS")
  # our event listener tells the local gateway about revocations (its secret goes by environment, not
  # argv); /metrics on the management port counts its calls (mcp_gateway_purge_total)
  extra+=(--spi-events-listener--mcp-gateway-purge--url="$GATEWAY_PURGE_URL"
          --spi-events-listener--mcp-gateway-purge--timeout-millis="$GATEWAY_PURGE_TIMEOUT_MS"
          --metrics-enabled=true)
  log "starting $NAME $KC_VERSION on $STACK_BIND:$KEYCLOAK_PORT (Java: $java_home, database: $KEYCLOAK_DB), issuer $AS_ISSUER"
  (
    if [[ $KEYCLOAK_DB == postgres ]]; then export KC_DB_PASSWORD=$KEYCLOAK_DB_PASSWORD; fi
    JAVA_HOME=$java_home KC_BOOTSTRAP_ADMIN_USERNAME=$KEYCLOAK_ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD \
    KC_SPI_EVENTS_LISTENER__MCP_GATEWAY_PURGE__SECRET=$GATEWAY_PURGE_SECRET \
    start_background "$NAME" "$HOME_DIR/bin/kc.sh" start-dev \
      --http-host="$STACK_BIND" --http-port="$KEYCLOAK_PORT" \
      --http-management-host="$STACK_BIND" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
      --hostname="$KEYCLOAK_URL" --health-enabled=true \
      --features="$FEATURES" \
      --spi-client-registration--default--enabled=false \
      "${extra[@]}" --import-realm
  )
  if ! wait_http "$NAME" "$HEALTH_URL" "${KEYCLOAK_START_TIMEOUT:-300}" '^200$' \
     || ! wait_http "$NAME" "$AS_ISSUER/.well-known/openid-configuration" 60 '^200$'; then
    stop; die "$NAME did not start; see $(log_file "$NAME")"
  fi
  log "$NAME ready in $((SECONDS - t0)) s: $AS_ISSUER (admin console $KEYCLOAK_URL/admin, user $KEYCLOAK_ADMIN_USER)"
}

# Keycloak, then its PostgreSQL (if it runs: also after KEYCLOAK_DB was set back to dev-file)
stop() {
  stop_component "$NAME"
  "$STACK_ROOT/scripts/postgres.sh" stop
}

status() {
  if is_running "$NAME"; then
    echo "$NAME running (PID $(cat "$(pid_file "$NAME")")), issuer $AS_ISSUER, database $KEYCLOAK_DB, log $(log_file "$NAME")"
    [[ $KEYCLOAK_DB == postgres ]] && "$STACK_ROOT/scripts/postgres.sh" status
    return 0
  else
    echo "$NAME stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
