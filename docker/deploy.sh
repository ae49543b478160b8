#!/usr/bin/env bash
# Starts the Docker deployment built by docker/build.sh, waits until every container is healthy,
# checks each public endpoint through Kong (TLS, the development CA) and prints the endpoint table.
# Usage: docker/deploy.sh          start (or update) the deployment
#        docker/deploy.sh down     stop it and remove its containers (the realm is imported again
#                                  on the next start)
# Needs the host names in /etc/hosts (see docker/README.md) only for your browser and MCP clients;
# the checks here use curl --resolve.
set -euo pipefail
DOCKER_DIR=$(cd "$(dirname "$0")" && pwd)
COMPOSE=(docker compose -f "$DOCKER_DIR/compose.yml")
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
setting() { sed -n "s/^$1=//p" "$DOCKER_DIR/.env" | tail -1; }

command -v docker >/dev/null || die "docker not found"
if [[ ${1:-} == down ]]; then "${COMPOSE[@]}" down; exit 0; fi
[[ -f $DOCKER_DIR/certs/demo.example.crt ]] || die "no certificate: run docker/build.sh first"
[[ -d $DOCKER_DIR/.build ]] || die "nothing built: run docker/build.sh first"

PORT=$(setting DOCKER_HTTPS_PORT)
MCP_HOST=$(setting MCP_HOST) API_HOST=$(setting API_HOST) LOGIN_HOST=$(setting LOGIN_HOST)
MAIL_HOST=$(setting MAIL_HOST) REALM=$(setting REALM) MCP_PATH=$(setting MCP_PATH)
SUFFIX=""; [[ $PORT == 443 ]] || SUFFIX=":$PORT"

t0=$SECONDS
log "starting (docker compose up --wait: until every health check passes, at most 300 s)"
"${COMPOSE[@]}" up -d --wait --wait-timeout 300 \
  || { "${COMPOSE[@]}" ps; die "not every container became healthy; see: docker compose -f $DOCKER_DIR/compose.yml logs"; }
log "containers healthy after $((SECONDS - t0)) s"

# status of one URL through Kong, resolving the demo host to the published loopback port
status() {
  local host=$1 path=$2 method=$3 args=()
  [[ $method == POST ]] && args=(-X POST -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'
    --data '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"deploy.sh","version":"1"}}}')
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$DOCKER_DIR/certs/ca.crt" "${args[@]}" \
    --resolve "$host:$PORT:127.0.0.1" "https://$host$SUFFIX$path" || echo "---"
}
# without a token the API and the MCP server answer 401 with their challenge (the gateway passes on)
rows=(
  "Stocks API|$API_HOST|/api/stocks|GET|401"
  "MCP Server Entry Point|$MCP_HOST|$MCP_PATH|POST|401"
  "MCP Resource Server Metadata URL|$MCP_HOST|/.well-known/oauth-protected-resource$MCP_PATH|GET|200"
  "Keycloak OAuth Metadata URL|$LOGIN_HOST|/.well-known/oauth-authorization-server/realms/$REALM|GET|200"
  "Keycloak Admin Console|$LOGIN_HOST|/admin/master/console/|GET|200"
  "Test Email Inbox|$MAIL_HOST|/|GET|200"
)
bad=0
printf '\n%-34s %-80s %s\n' "Endpoint" "URL" "Check"
for r in "${rows[@]}"; do
  IFS='|' read -r name host path method want <<< "$r"
  got=$(status "$host" "$path" "$method")
  mark=ok; [[ $got == "$want" ]] || { mark="FAILED (HTTP $got, expected $want)"; bad=1; }
  printf '%-34s %-80s %s\n' "$name" "https://$host$SUFFIX$path" "$mark"
done
echo
echo "Add to /etc/hosts: 127.0.0.1 $MCP_HOST $API_HOST $LOGIN_HOST $MAIL_HOST $(setting ADMIN_HOST)"
echo "Trust the CA $DOCKER_DIR/certs/ca.crt (docker/README.md); Node clients: NODE_EXTRA_CA_CERTS=$DOCKER_DIR/certs/ca.crt"
echo "Keycloak admin: $(setting KEYCLOAK_ADMIN_USER) / see KEYCLOAK_ADMIN_PASSWORD in docker/.env"
[[ $bad == 0 ]] || die "some endpoints did not answer as expected; see docker compose -f $DOCKER_DIR/compose.yml logs"
