#!/usr/bin/env bash
# Prints config/stack.env as the Markdown table of settings that README.md carries between its
# "settings:begin" and "settings:end" markers (a test checks that the two agree).
# Every key has its own description: the comment lines right above it. A key without one is an
# error (exit 1), so that no key borrows the description of the key above it.
set -euo pipefail
awk '
  /^# ---- / { s=$0; sub(/^# ---- /, "", s); sub(/ -+$/, "", s); section=s; comment=""; next }
  /^#/       { c=$0; sub(/^# ?/, "", c); comment = comment (comment == "" ? "" : " ") c; next }
  /^[A-Za-z_][A-Za-z0-9_]*=/ {
    key=$0; sub(/=.*/, "", key); val=$0; sub(/^[^=]*=/, "", val)
    if (comment == "") { printf "config/stack.env: %s has no description (a comment line right above it)\n", key > "/dev/stderr"; bad=1 }
    if (val == "") val="(empty)"
    gsub(/\|/, "\\|", comment)
    if (section != last) { printf "| **%s** | | |\n", section; last=section }
    printf "| `%s` | `%s` | %s |\n", key, val, comment
    comment=""; next
  }
  /^$/ { comment="" }
  BEGIN { print "| Setting | Default | What it is |"; print "|---|---|---|" }
  END { exit bad }
' "$(dirname "$0")/../config/stack.env"
