#!/usr/bin/env bash
# Benchmark (not a test): requests/s and latency through the gateway with a cached token, against
# the same requests sent straight to the upstream. Uses wrk, the real gateway (scripts/gateway.sh)
# and a plain nginx as both upstream and introspection endpoint, on ports 28040/28041/28050.
#   gateway/bench.sh [DURATION_SECONDS=10] [CONNECTIONS=16]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export STACK_CONFIG=config/test.env STACK_STATE_DIR=.stack-test/gateway-bench
export GATEWAY_PORT=28040 GATEWAY_ADMIN_PORT=28041 LIBERTY_HTTP_PORT=28050 LIBERTY_INSTANCES=1 AS_INTROSPECTION_ENDPOINT=http://127.0.0.1:28050/introspect
source "$root/scripts/lib/common.sh"
duration=${1:-10} connections=${2:-16}
command -v wrk >/dev/null || die "wrk is not installed"

b64url() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
jwt="$(b64url '{"alg":"RS256","typ":"JWT"}').$(b64url "{\"sub\":\"bench\",\"exp\":$(( $(date +%s) + 3600 ))}").$(b64url benchsignature)"
token="bench-$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')"

dir="$STACK_STATE_DIR/upstream"; mkdir -p "$dir/temp"
cat > "$dir/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $dir/nginx.pid; error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path $dir/temp;
  server {
    listen 127.0.0.1:$LIBERTY_HTTP_PORT; default_type application/json;
    location = /introspect { return 200 '{"active":true,"exp":$(( $(date +%s) + 3600 )),"jwt":"$jwt"}'; }
    location /api/ { return 200 '{"stocks":[{"symbol":"COM1","region":"USA","price":450.22}]}'; }
  }
}
CONF
cleanup() { "$root/scripts/gateway.sh" stop >/dev/null 2>&1 || true; stop_component bench-upstream 2>/dev/null || true; }
trap cleanup EXIT
require_free_port bench-upstream "$LIBERTY_HTTP_PORT"
start_background bench-upstream nginx -p "$dir" -c "$dir/nginx.conf" -e stderr
wait_http bench-upstream "http://127.0.0.1:$LIBERTY_HTTP_PORT/api/stocks" 10 '^200$'
"$root/scripts/gateway.sh" start

# the first request introspects; every later one is served from the cache
curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$GATEWAY_PORT/api/stocks"

run() { # name url auth
  local out rps p50 p99
  out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $3" "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99" >&2
  printf '%s' "$rps"
}
echo "wrk: 1 thread, $connections connections, ${duration}s each; $(nproc) cores shared with whatever else runs" >&2
direct=$(run "direct to the upstream (JWT)" "http://127.0.0.1:$LIBERTY_HTTP_PORT/api/stocks" "$jwt")
through=$(run "through the gateway (cached token)" "http://127.0.0.1:$GATEWAY_PORT/api/stocks" "$token")
awk -v g="$through" -v d="$direct" 'BEGIN { printf "gateway/direct throughput ratio: %.2f\n", g / d }' >&2
