#!/usr/bin/env bash
# Runs every test: each step is a script in scripts/test.d/, run in name order.
# `scripts/test.sh quick` skips nothing but passes QUICK=1 to steps that can shorten
# (soak, fuzz, benchmark smoke runs).
set -euo pipefail
cd "$(dirname "$0")/.."
export QUICK=${QUICK:-1}
[ "${1:-}" = "full" ] && export QUICK=0
failed=()
skipped=()
for step in scripts/test.d/*.sh; do
  name=$(basename "$step" .sh)
  printf '\n==== %s ====\n' "$name"
  start=$(date +%s)
  rc=0
  bash "$step" || rc=$?
  if [ $rc -eq 0 ]; then
    printf '==== %s: ok (%ss)\n' "$name" "$(( $(date +%s) - start ))"
  elif [ $rc -eq 77 ]; then
    # 77: the step ran what it could and says what it could not (see its output); the
    # checks it skipped are not counted as passed.
    printf '==== %s: ran, with SKIPPED checks (%ss)\n' "$name" "$(( $(date +%s) - start ))"
    skipped+=("$name")
  else
    printf '==== %s: FAILED (%ss)\n' "$name" "$(( $(date +%s) - start ))"
    failed+=("$name")
  fi
done
if [ ${#skipped[@]} -gt 0 ]; then
  printf '\nsteps with SKIPPED checks (not counted as passing): %s\n' "${skipped[*]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFAILED steps: %s\n' "${failed[*]}"
  exit 1
fi
if [ ${#skipped[@]} -gt 0 ]; then
  printf '\nno step failed; the SKIPPED checks listed above did not run\n'
else
  printf '\nall test steps passed\n'
fi
