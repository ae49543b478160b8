#!/usr/bin/env bash
# Renders the realm template authorization-server/realm/mcp-demo-realm.json for the Docker
# deployment: ${KEY} placeholders get the values of docker/.env loaded over config/stack.env
# (scripts/lib/common.sh with STACK_CONFIG=docker/.env), exactly as scripts/keycloak.sh renders it
# for the local stack with config/stack.env.
# Usage: docker/keycloak/render-realm.sh OUT_FILE
set -euo pipefail
OUT=${1:?usage: $0 OUT_FILE}
DOCKER_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$DOCKER_DIR/.." && pwd)
TEMPLATE="$ROOT/authorization-server/realm/mcp-demo-realm.json"
[[ -f $TEMPLATE ]] || { echo "error: realm template $TEMPLATE not found" >&2; exit 1; }

# settings: docker/.env over config/stack.env; state of the loader goes to a throw-away folder
export STACK_CONFIG="$DOCKER_DIR/.env"
STACK_STATE_DIR=$(mktemp -d); export STACK_STATE_DIR
trap 'rm -rf "$STACK_STATE_DIR"' EXIT
# shellcheck source=../../scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"

hosts=""
IFS=',' read -ra _hosts <<< "$DCR_ALLOWED_REDIRECT_HOSTS"
for h in "${_hosts[@]}"; do h=${h// /}; [[ -n $h ]] && hosts+="${hosts:+,}\"$h\""; done
mkdir -p "$(dirname "$OUT")"
DCR_ALLOWED_REDIRECT_HOSTS_JSON=$hosts perl -pe '
  s/\$\{(DCR_ALLOWED_REDIRECT_HOSTS_JSON)\}/$ENV{$1}/g;
  s/\$\{([A-Z][A-Z0-9_]*)\}/exists $ENV{$1} ? do { (my $v = $ENV{$1}) =~ s{([\\"])}{\\$1}g; $v } : $&/ge;
' "$TEMPLATE" > "$OUT"
if grep -qE '\$\{[A-Z][A-Z0-9_]*\}' "$OUT"; then
  echo "error: the realm template names settings that are not defined: $(grep -oE '\$\{[A-Z][A-Z0-9_]*\}' "$OUT" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi
echo "$OUT"
