#!/usr/bin/env bash
# Makes the development TLS material of the Docker deployment, as the seed does:
#   ca.key / ca.crt                    a development root CA (trust ca.crt on your machine)
#   demo.example.key / .crt            the server certificate Kong presents, signed by that CA, with
#                                      the deployment's host names (and *.demo.example) as SANs
# Usage: docker/certs/create-certs.sh [OUT_DIR]   (default: the folder of this script)
#        FORCE=1 ... makes new ones even if they exist.
# Host names come from docker/.env (MCP_HOST, API_HOST, LOGIN_HOST, MAIL_HOST, ADMIN_HOST).
# Keys are git-ignored (docker/.gitignore) and never leave this machine.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
ENV_FILE=${DOCKER_ENV_FILE:-$HERE/../.env}
DAYS_CA=${CERT_DAYS_CA:-3650}
DAYS_SERVER=${CERT_DAYS_SERVER:-365}

command -v openssl >/dev/null || { echo "error: openssl is needed" >&2; exit 1; }
setting() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -1; }
HOSTS=()
for k in MCP_HOST API_HOST LOGIN_HOST MAIL_HOST ADMIN_HOST; do
  h=$(setting "$k"); [[ -n $h ]] || { echo "error: $k is not set in $ENV_FILE" >&2; exit 1; }
  HOSTS+=("$h")
done
DOMAIN=${HOSTS[0]#*.}

mkdir -p "$OUT"
if [[ -f $OUT/demo.example.crt && -f $OUT/demo.example.key && -z ${FORCE:-} ]]; then
  echo "certificates exist in $OUT (FORCE=1 to make new ones)"; exit 0
fi

umask 077
if [[ ! -f $OUT/ca.key || ! -f $OUT/ca.crt || -n ${FORCE:-} ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS_CA" \
    -subj "/CN=MCP demo development CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$OUT/ca.key" -out "$OUT/ca.crt" 2>/dev/null
fi

san="DNS:*.$DOMAIN"
for h in "${HOSTS[@]}"; do san+=",DNS:$h"; done
ext=$(mktemp); trap 'rm -f "$ext" "$OUT/demo.example.csr"' EXIT
cat > "$ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san
EXT
openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=*.$DOMAIN" \
  -keyout "$OUT/demo.example.key" -out "$OUT/demo.example.csr" 2>/dev/null
openssl x509 -req -in "$OUT/demo.example.csr" -CA "$OUT/ca.crt" -CAkey "$OUT/ca.key" -CAcreateserial \
  -days "$DAYS_SERVER" -sha256 -extfile "$ext" -out "$OUT/demo.example.crt" 2>/dev/null
# Kong runs as an unprivileged user in its container and reads the key through a bind mount;
# the CA key stays private to you.
chmod 644 "$OUT/ca.crt" "$OUT/demo.example.crt" "$OUT/demo.example.key"
chmod 600 "$OUT/ca.key"
echo "made $OUT/ca.crt (trust this) and $OUT/demo.example.crt for: ${san//DNS:/}"
