#!/usr/bin/env bash
# Builds everything the Docker deployment needs, then the images:
#   0. docker/.env (docker/render-settings.sh) and Kong's kong.yml + purge-server.conf
#      (docker/kong/render-kong.sh), from config/stack.env, docker/settings.env, gateway/routes.conf
#   1. the development CA and certificate (docker/certs, if not there yet)
#   2. the WARs and the Keycloak provider JAR with Maven (tests skipped: ./stack test runs them)
#   3. docker/.build: the WARs under fixed names, the realm rendered with docker/.env
#   4. docker compose build (images mcp-demo/kong, mcp-demo/liberty, mcp-demo/keycloak)
# Usage: docker/build.sh        (from anywhere; needs Docker with Compose v2, Maven, Java 17+, perl, openssl)
# Then: docker/deploy.sh
set -euo pipefail
DOCKER_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$DOCKER_DIR/.." && pwd)
BUILD="$DOCKER_DIR/.build"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null || die "docker not found: install Docker (Desktop or Engine with the compose plugin)"
docker compose version >/dev/null 2>&1 || die "'docker compose' (Compose v2) not found"
command -v mvn >/dev/null || die "mvn not found: install Maven 3.8.6+"
command -v perl >/dev/null || die "perl not found (renders the realm template)"

# the Keycloak image's version is the one the local stack downloads (parent pom keycloak.version)
KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$ROOT/pom.xml" | head -1)}
export KEYCLOAK_VERSION

log "0/4 settings (docker/.env) and Kong's configuration"
"$DOCKER_DIR/render-settings.sh" >/dev/null
"$DOCKER_DIR/kong/render-kong.sh" >/dev/null

log "1/4 development certificate"
"$DOCKER_DIR/certs/create-certs.sh"

log "2/4 Maven: stocks-war, mcp-war, authorization-server/keycloak-extension"
(cd "$ROOT" && mvn -B -q -DskipTests -DskipITs \
   -pl stocks-war,mcp-war,authorization-server/keycloak-extension -am package) \
  || die "the Maven build failed (see above)"

log "3/4 staging docker/.build"
rm -rf "$BUILD"; mkdir -p "$BUILD/liberty/apps" "$BUILD/keycloak"
stage_war() {
  local module=$1 war
  war=$(ls "$ROOT/$module"/target/*.war 2>/dev/null | head -1)
  [[ -n $war ]] || die "no WAR in $module/target"
  cp "$war" "$BUILD/liberty/apps/$module.war"
}
stage_war stocks-war
stage_war mcp-war
[[ -f $ROOT/authorization-server/keycloak-extension/target/mcp-keycloak-extension.jar ]] \
  || die "authorization-server/keycloak-extension/target/mcp-keycloak-extension.jar was not built"
"$DOCKER_DIR/keycloak/render-realm.sh" "$BUILD/keycloak/mcp-demo-realm.json"

log "4/4 images"
docker compose -f "$DOCKER_DIR/compose.yml" build
log "built; now run docker/deploy.sh"
