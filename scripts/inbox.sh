#!/usr/bin/env bash
# The test inbox: maildev 3.0.0 (tools/node_modules) on $STACK_BIND.
#   SMTP on $MAIL_SMTP_PORT, web UI + REST API on $MAIL_WEB_PORT
#   (GET /api/email lists mails, DELETE /api/email/all empties the inbox).
# Usage: scripts/inbox.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

NAME=inbox
MAILDEV="$STACK_ROOT/tools/node_modules/maildev/dist/bin/maildev.js"
API_URL="http://$STACK_BIND:$MAIL_WEB_PORT/api/email"

start() {
  if is_running "$NAME"; then log "$NAME already running (PID $(cat "$(pid_file "$NAME")"))"; return 0; fi
  command -v node >/dev/null || die "node is not installed; run scripts/prereqs.sh"
  [[ -f $MAILDEV ]] || die "maildev is missing at $MAILDEV; run scripts/prereqs.sh (npm install in tools/)"
  require_free_port "inbox SMTP (MAIL_SMTP_PORT)" "$MAIL_SMTP_PORT"
  require_free_port "inbox web (MAIL_WEB_PORT)" "$MAIL_WEB_PORT"
  local dir="$STACK_STATE_DIR/inbox" t0=$SECONDS
  rm -rf "$dir"; mkdir -p "$dir"
  log "starting $NAME: SMTP $STACK_BIND:$MAIL_SMTP_PORT, web $STACK_BIND:$MAIL_WEB_PORT"
  start_background "$NAME" node "$MAILDEV" --ip "$STACK_BIND" --smtp "$MAIL_SMTP_PORT" \
    --web-ip "$STACK_BIND" --web "$MAIL_WEB_PORT" --mail-directory "$dir"
  if ! wait_http "$NAME" "$API_URL" 60 '^200$'; then stop_component "$NAME"; die "$NAME did not start"; fi
  log "$NAME ready in $((SECONDS - t0)) s: $MAIL_WEB_URL (API $API_URL)"
}

status() {
  if is_running "$NAME"; then
    echo "$NAME running (PID $(cat "$(pid_file "$NAME")")), web $MAIL_WEB_URL, SMTP $STACK_BIND:$MAIL_SMTP_PORT"
  else
    echo "$NAME stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_component "$NAME" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
