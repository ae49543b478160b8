#!/usr/bin/env bash
# Makes the TLS key and certificate (CN/SAN localhost, 127.0.0.1) for the https server on which the
# end-to-end tests publish a Client ID Metadata Document. Keycloak is started trusting the
# certificate (KEYCLOAK_TRUSTSTORE_PATHS), as a real authorization server trusts public CAs.
#   cimd-cert.sh <folder>   -> <folder>/cimd.p12 (password "changeit"), <folder>/cimd.pem
set -euo pipefail
dir=${1:?folder}
mkdir -p "$dir"
[[ -f $dir/cimd.p12 && -f $dir/cimd.pem ]] && exit 0
rm -f "$dir/cimd.p12" "$dir/cimd.pem"
keytool -genkeypair -alias cimd -keyalg EC -groupname secp256r1 -validity 30 \
  -dname "CN=localhost" -ext "SAN=dns:localhost,ip:127.0.0.1" \
  -keystore "$dir/cimd.p12" -storetype PKCS12 -storepass changeit -keypass changeit >/dev/null 2>&1
keytool -exportcert -rfc -alias cimd -keystore "$dir/cimd.p12" -storepass changeit > "$dir/cimd.pem" 2>/dev/null
