#!/usr/bin/env bash
# Installs what the stack and its tests need and is missing: Debian packages (when run as root;
# otherwise says exactly what to install), the Node tools in tools/ (npm), and checks the JDKs.
# Maven artifacts are fetched by the Maven build itself.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

APT_PACKAGES=(nginx-light libnginx-mod-http-lua lua-cjson lua-resty-core lua5.1 chromium chromium-driver curl
  postgresql)   # postgresql: Keycloak's database when KEYCLOAK_DB=postgres (and the authorization server's ITs)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
fi

command -v java >/dev/null || die "no java on PATH: install a JDK 17 or newer"
command -v mvn >/dev/null || die "no mvn on PATH: install Apache Maven 3.8.6 or newer"
command -v node >/dev/null && command -v npm >/dev/null || die "no node/npm on PATH: install Node.js 20 or newer"
find_java 21 >/dev/null || die "Keycloak needs a JDK 21 or newer: install one (e.g. Temurin 25) under /usr/lib/jvm or set JAVA_HOME"

tools="$STACK_ROOT/tools"
if [[ ! -d $tools/node_modules/maildev || $tools/package.json -nt $tools/node_modules/.package-lock.json ]]; then
  log "installing Node tools (tools/package.json)"
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error)
fi
