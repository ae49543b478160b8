#!/usr/bin/env bash
# Prints the last agent actions from the audit trail as a table, oldest first: the audit lines of
# every hop (gateway, mcp-server, stocks-api) in $AUDIT_LOG_DIR, every Liberty instance's, rotated files
# included, merged by time.
#   scripts/audit.sh [-n COUNT] [--trace TRACE_ID]    (./stack audit runs it; COUNT defaults to 20)
# The trace column is the first 8 characters of the trace id: lines of one tool call share it.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

count=20 trace=""
while (( $# )); do
  case $1 in
    -n) count=${2:?-n needs a number}; shift 2 ;;
    --trace) trace=${2:?--trace needs a trace id}; shift 2 ;;
    *) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[[ $count =~ ^[0-9]+$ ]] || die "-n needs a number (is '$count')"
[[ -z $trace || $trace =~ ^[0-9a-f]{1,32}$ ]] || die "--trace needs a (part of a) trace id in lower-case hex"

shopt -s nullglob
# (Liberty instances 2, 3, ... write theirs in liberty-2/, liberty-3/, ...: scripts/liberty.sh)
files=("$AUDIT_LOG_DIR"/audit-*.jsonl "$AUDIT_LOG_DIR"/liberty-*/audit-*.jsonl)
(( ${#files[@]} )) || { echo "no audit lines yet in $AUDIT_LOG_DIR (start the stack and call a tool)"; exit 0; }

# One line per decision: the JSON objects are flat and written by us (oauth-support's AuditEvent,
# the gateway's log_format), so each value is read by key; "" and null both print as "-".
awk -v trace="$trace" '
  function val(key,   re, v) {
    re = "\"" key "\":(\"([^\"\\\\]|\\\\.)*\"|null|[0-9]+)"
    if (!match($0, re)) return "-"
    v = substr($0, RSTART + length(key) + 3, RLENGTH - length(key) - 3)
    if (v == "null" || v == "\"\"") return "-"
    if (v ~ /^"/) { v = substr(v, 2, length(v) - 2); gsub(/\\"/, "\"", v); gsub(/\\\\/, "\\", v) }
    gsub(/[\t\n]/, " ", v)
    return v
  }
  {
    t = val("trace_id")
    if (trace != "" && index(t, trace) != 1) next
    what = val("tool"); if (what == "-") what = val("operation")
    client = val("client_id")
    status = val("status"); if (status == "0") status = "-"
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", val("time"), substr(t, 1, 8), val("hop"), val("sub"), client, what, val("outcome"), val("reason"), status
  }
' "${files[@]}" | sort | tail -n "$count" | {
  printf 'TIME (UTC)\tTRACE\tHOP\tSUBJECT\tCLIENT\tTOOL / OPERATION\tOUTCOME\tREASON\tSTATUS\n'
  cat
} | column -t -s $'\t'
