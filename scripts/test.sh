#!/usr/bin/env bash
# Runs every test: each step is a script in scripts/test.d/, run in name order.
# `scripts/test.sh quick` skips nothing but passes QUICK=1 to steps that can shorten
# (soak, fuzz, benchmark smoke runs).
set -euo pipefail
cd "$(dirname "$0")/.."
export QUICK=${QUICK:-1}
[ "${1:-}" = "full" ] && export QUICK=0
failed=()
for step in scripts/test.d/*.sh; do
  name=$(basename "$step" .sh)
  printf '\n==== %s ====\n' "$name"
  start=$(date +%s)
  if bash "$step"; then
    printf '==== %s: ok (%ss)\n' "$name" "$(( $(date +%s) - start ))"
  else
    printf '==== %s: FAILED (%ss)\n' "$name" "$(( $(date +%s) - start ))"
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFAILED steps: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nall test steps passed\n'
