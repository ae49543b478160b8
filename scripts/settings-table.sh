#!/usr/bin/env bash
# Prints config/stack.env as the Markdown table of settings that README.md carries between its
# "settings:begin" and "settings:end" markers (a test checks that the two agree).
set -euo pipefail
awk '
  /^# ---- / { s=$0; sub(/^# ---- /, "", s); sub(/ -+$/, "", s); section=s; comment=""; next }
  /^#/       { c=$0; sub(/^# ?/, "", c); if (afterkey) { comment=""; afterkey=0 }
               comment = comment (comment == "" ? "" : " ") c; next }
  /^[A-Za-z_][A-Za-z0-9_]*=/ {
    key=$0; sub(/=.*/, "", key); val=$0; sub(/^[^=]*=/, "", val)
    if (val == "") val="(empty)"
    gsub(/\|/, "\\|", comment)
    if (section != last) { printf "| **%s** | | |\n", section; last=section }
    printf "| `%s` | `%s` | %s |\n", key, val, comment
    afterkey=1; next   # a key right below keeps the same comment (a group)
  }
  /^$/ { comment=""; afterkey=0 }
  BEGIN { print "| Setting | Default | What it is |"; print "|---|---|---|" }
' "$(dirname "$0")/../config/stack.env"
