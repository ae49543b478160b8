#!/usr/bin/env bash
# Prints the stack's resolved settings as KEY=VALUE lines (config/stack.env, $STACK_CONFIG, env).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
stack_print_config
