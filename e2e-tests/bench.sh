#!/usr/bin/env bash
# ./stack bench [SECONDS] — measures the running stack (start it with ./stack start --detach).
# Signs john.doe in once through a real browser, then measures tools/call fetch-stock-prices through
# the gateway and GET /api/stocks straight to the API at a few concurrencies: first with warm caches,
# then with the gateway's introspection cache and the MCP server's token-exchange cache disabled
# (gateway and Liberty are restarted for that, then restored). Prints a table; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
seconds=${1:-10}
levels=(1 4 16)
for c in keycloak liberty gateway inbox; do
  is_running "$c" || die "$c is not running: start the stack first (./stack start --detach)"
done
cd "$STACK_ROOT"
log "compiling the benchmark"
mvn -B -q -pl e2e-tests -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="e2e-tests/target/test-classes:$(cat e2e-tests/target/bench.classpath)"
bench() { java -cp "$cp" -Dproject.root="$STACK_ROOT" example.mcpauth.e2e.bench.Benchmark "$@"; }
token_file=$(mktemp "$STACK_STATE_DIR/bench-token.XXXXXX")
trap 'rm -f "$token_file"' EXIT

log "signing john.doe@demo.example in (browser, emailed code)"
bench signin "$token_file"

restart_with() {  # restart gateway and Liberty with the given environment (quietly: the table is on stdout)
  local out; out=$(mktemp)
  { scripts/gateway.sh stop && scripts/liberty.sh stop \
      && env "$@" scripts/liberty.sh start && env "$@" scripts/gateway.sh start; } >"$out" 2>&1 \
    || { cat "$out" >&2; rm -f "$out"; die "could not restart gateway and Liberty"; }
  rm -f "$out"
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo
echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
echo "Each row: ${seconds}s of closed-loop requests after 20 warm-up requests; latency in ms."
echo
echo "| caches           | request                                    |   c |    req/s |  p50 ms |  p99 ms | errs |"
echo "|------------------|--------------------------------------------|-----|----------|---------|---------|------|"
bench measure "$token_file" "warm" "$seconds" "${levels[@]}"
restart_with GATEWAY_TOKEN_CACHE_SECONDS=0 MCP_TOKEN_CACHE_SIZE=0
bench measure "$token_file" "disabled" "$seconds" "${levels[@]}"
restart_with
