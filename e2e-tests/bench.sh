#!/usr/bin/env bash
# ./stack bench [SECONDS] — measures the running stack (start it with ./stack start --detach).
# Signs john.doe in once through a real browser, deploys the bench-ceiling WAR into the running Liberty
# for the length of the run (bench.xml, which server.xml includes if present), then measures, in rounds
# that alternate between them:
#   chain    tools/call fetch-stock-prices through the gateway (opaque token)
#   mcp      the same call straight to Liberty with the gateway's JWT (introspected once)
#   ceiling  the bench-ceiling servlet: one loopback call to a JAX-RS endpoint that answers the API's bytes
# (with LIBERTY_INSTANCES > 1 the chain is balanced over every instance; mcp, ceiling and api go to instance 1)
#   api      GET /api/stocks straight to the API with an exchanged JWT
# at c = 1, 4 and 16 concurrent clients, first with warm caches, then with the gateway's introspection
# cache and the MCP server's token-exchange cache disabled (gateway and Liberty are restarted for that,
# then restored). Prints one table, the chain/ceiling ratios, Liberty's memory, the load average, and,
# when wrk is installed, the same rows measured by wrk. Asserts nothing.
# Environment: BENCH_ROUNDS (5), BENCH_LEVELS (1,4,16), BENCH_WARMUP_SECONDS (10, more while latency still falls), BENCH_WRK (1 = when
# installed, 0 = never), BENCH_CLIENT=jdk (the JDK HttpClient the benchmark used before; see Load.java).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
seconds=${1:-10}
rounds=${BENCH_ROUNDS:-5}
levels=${BENCH_LEVELS:-1,4,16}
for c in keycloak liberty gateway inbox; do
  is_running "$c" || die "$c is not running: start the stack first (./stack start --detach)"
done
cd "$STACK_ROOT"
SERVER_DIR="$STACK_ROOT/liberty-config/target/liberty/wlp/usr/servers/defaultServer"
grep -q 'location="bench.xml"' "$SERVER_DIR/server.xml" \
  || die "the running Liberty server has no bench.xml include (built before it existed): rebuild it (./stack stop; ./stack start --detach)"

log "compiling the benchmark and packaging the bench-ceiling WAR"
mvn -B -q -pl e2e-tests,bench-ceiling -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="e2e-tests/target/test-classes:$(cat e2e-tests/target/bench.classpath)"
bench() { java -cp "$cp" -Dproject.root="$STACK_ROOT" example.mcpauth.e2e.bench.Benchmark "$@"; }
work=$(mktemp -d "$STACK_STATE_DIR/bench.XXXXXX")
chmod 700 "$work"

undeploy_ceiling() {
  if [[ -f $SERVER_DIR/bench.xml ]]; then
    rm -f "$SERVER_DIR/bench.xml" "$SERVER_DIR/apps/bench-ceiling.war"
    touch "$SERVER_DIR/server.xml"   # Liberty notices the removed include and stops the application
  fi
}
cleanup() { undeploy_ceiling; rm -rf "$work"; }
trap cleanup EXIT

wait_ceiling() {
  local i
  for i in $(seq 1 120); do
    [[ $(curl -s --max-time 5 "http://127.0.0.1:$LIBERTY_HTTP_PORT/bench-ceiling/call" || true) == *COM1* ]] && return 0
    sleep 0.5
  done
  die "the bench-ceiling WAR did not answer within 60 s (see $STACK_STATE_DIR/liberty/logs/messages.log)"
}

log "signing john.doe@demo.example in (browser, emailed code)"
bench signin "$work/token"
bench prepare "$work/token" "$work"

log "deploying the bench-ceiling WAR (only for this run)"
cp bench-ceiling/target/bench-ceiling.war "$SERVER_DIR/apps/bench-ceiling.war"
cat > "$SERVER_DIR/bench.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- written by e2e-tests/bench.sh for one benchmark run, removed after it -->
<server>
  <variable name="bench.ceiling.body.file" value="$work/ceiling-body.json"/>
  <webApplication id="bench-ceiling" name="bench-ceiling" location="bench-ceiling.war" contextRoot="/bench-ceiling"/>
</server>
EOF
touch "$SERVER_DIR/server.xml"   # an optional include that did not exist is not watched: make Liberty read its config again
wait_ceiling

restart_with() {  # restart gateway and Liberty with the given environment (quietly: the table is on stdout)
  local out; out=$(mktemp)
  { scripts/gateway.sh stop && scripts/liberty.sh stop \
      && env "$@" scripts/liberty.sh start && env "$@" scripts/gateway.sh start; } >"$out" 2>&1 \
    || { cat "$out" >&2; rm -f "$out"; die "could not restart gateway and Liberty"; }
  rm -f "$out"
  wait_ceiling
}

liberty_memory() {  # each Liberty instance's resident memory now and its peak since start, MiB
  local n pid sep=""
  for n in $(liberty_recorded_names); do
    is_running "$n" || continue
    pid=$(cat "$(pid_file "$n")")
    printf '%s' "$sep"; sep="; "
    (( $(liberty_instances) > 1 )) && printf '%s ' "$n"
    awk '/^VmRSS/{r=$2} /^VmHWM/{h=$2} END{printf "%d MiB (peak %d MiB)", r/1024, h/1024}' "/proc/$pid/status"
  done
}

# The same rows measured by an external generator (wrk), warm caches, for comparison
wrk_check() {
  cat > "$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
local auth = os.getenv("BENCH_AUTH")
if auth ~= nil and auth ~= "" then wrk.headers["Authorization"] = auth end
EOF
  ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) printf "%.2f", v/1000; else if (v ~ /ms$/) printf "%.2f", v+0; else if (v ~ /m$/) printf "%.2f", v*60000; else printf "%.2f", v*1000 }'; }
  wrk_row() {  # NAME URL AUTH C
    local out p50 p99 rps errs
    out=$(BENCH_AUTH=$3 wrk -t1 -c"$4" -d"${seconds}s" --latency -s "$work/post.lua" "$2" 2>&1)
    p50=$(awk '$1=="50%"{print $2}' <<<"$out"); p99=$(awk '$1=="99%"{print $2}' <<<"$out")
    rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out"); errs=$(awk '/Non-2xx/{print $5}' <<<"$out")
    printf '| wrk      | %-44s | %3d | %8.1f | %7s | %7s | %4d | %5s |\n' "$1" "$4" "$rps" "$(ms "$p50")" "$(ms "$p99")" "${errs:-0}" "$(cut -d' ' -f1 /proc/loadavg)"
  }
  echo
  echo "The same rows measured by wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}') (1 thread, ${seconds}s each, warm caches; wrk checks the status, not the body):"
  echo
  echo "| client   | request                                      |   c |    req/s |  p50 ms |  p99 ms | errs |  load |"
  echo "|----------|----------------------------------------------|-----|----------|---------|---------|------|-------|"
  jwt=$(cat "$work/jwt")
  for c in ${levels//,/ }; do
    [[ $c == 1 || $c == 16 ]] || continue
    wrk_row "tools/call fetch-stock-prices via gateway" "$MCP_RESOURCE" "Bearer $(cat "$work/token")" "$c"
    wrk_row "tools/call direct to Liberty (gateway's JWT)" "http://127.0.0.1:$LIBERTY_HTTP_PORT$MCP_PATH" "Bearer $jwt" "$c"
    wrk_row "ceiling: servlet + 1 loopback JAX-RS call" "http://127.0.0.1:$LIBERTY_HTTP_PORT/bench-ceiling/call" "" "$c"
  done
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo
echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
echo "Load generator: ${BENCH_CLIENT:-socket} client. Each row: ${seconds}s of closed-loop requests in $rounds rounds"
echo "alternating with the other rows of its c, after a warm-up until latency stops falling; latency in ms; load = 1-min load average."
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| caches   | request                                      |   c |    req/s |  p50 ms |  p99 ms |   max ms | >200ms | errs |  load |"
echo "|----------|----------------------------------------------|-----|----------|---------|---------|----------|--------|------|-------|"
bench measure "$work/token" warm "$seconds" "$rounds" chain,mcp,ceiling,api "$levels" ratios >"$work/warm.txt"
warm_memory=$(liberty_memory)
if [[ ${BENCH_WRK:-1} == 1 ]] && command -v wrk >/dev/null; then wrk_check >"$work/wrk.txt"; fi
restart_with GATEWAY_TOKEN_CACHE_SECONDS=0 MCP_TOKEN_CACHE_SIZE=0
bench measure "$work/token" disabled "$seconds" "$rounds" chain,mcp "$levels" >"$work/disabled.txt"
disabled_memory=$(liberty_memory)
restart_with
# the table first, then the ratios of the warm run
grep '^|' "$work/warm.txt"; grep '^|' "$work/disabled.txt"
grep -v '^|' "$work/warm.txt" || true
echo "Liberty's memory (RSS): $warm_memory after the warm rows; $disabled_memory after the rows without caches"
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

cat "$work/wrk.txt" 2>/dev/null || true
