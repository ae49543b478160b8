#!/usr/bin/env bash
# Renders the realm template for the Docker deployment with scripts/keycloak.sh's own
# render_realm function (so both render the same way), fed with docker/.env loaded over
# config/stack.env (scripts/lib/common.sh with STACK_CONFIG=docker/.env).
# Usage: docker/keycloak/render-realm.sh OUT_FILE
set -euo pipefail
OUT=${1:?usage: $0 OUT_FILE}
DOCKER_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$DOCKER_DIR/.." && pwd)
KEYCLOAK_SH="$ROOT/scripts/keycloak.sh"

# settings: docker/.env over config/stack.env; the loader's state goes to a throw-away folder
export STACK_CONFIG="$DOCKER_DIR/.env"
STACK_STATE_DIR=$(mktemp -d); export STACK_STATE_DIR
trap 'rm -rf "$STACK_STATE_DIR"' EXIT
# shellcheck source=../../scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"

# the template path and the render function, taken from scripts/keycloak.sh
eval "$(grep -E '^(MODULE|REALM_TEMPLATE)=' "$KEYCLOAK_SH")"
render_fn=$(sed -n '/^render_realm() {/,/^}/p' "$KEYCLOAK_SH")
[[ -n $render_fn ]] || die "scripts/keycloak.sh has no render_realm function"
eval "$render_fn"
[[ -f $REALM_TEMPLATE ]] || die "realm template $REALM_TEMPLATE not found"

mkdir -p "$(dirname "$OUT")"
render_realm "$OUT"
echo "$OUT"
