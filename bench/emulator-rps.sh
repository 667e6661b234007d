#!/usr/bin/env bash
# Emulator throughput: `GET .../users/{grace}/licenses` with a valid token, wrk -t2 -c64 on
# loopback against a running emulator. Prints `emulator_rps=N` (and wrk's latency line).
# Usage: bench/emulator-rps.sh URL TOKEN [SECONDS]
set -euo pipefail
url=$1 token=$2 seconds=${3:-10}
command -v wrk >/dev/null || { echo "emulator-rps: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
target="$url/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users/482e2152-4b49-48ec-b715-823365ce3d4c/licenses"
# Check the route answers 200 first: a wrk run of 401s would measure nothing useful.
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$target")
[ "$status" = 200 ] || { echo "emulator-rps: $target answered $status" >&2; exit 1; }
out=$(wrk -t2 -c64 -d"${seconds}s" -H "Authorization: Bearer $token" "$target")
echo "$out" >&2
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
[ -z "$non2xx" ] || { echo "emulator-rps: $non2xx responses were not 2xx" >&2; exit 1; }
echo "$out" | awk '/^Requests\/sec:/ {printf "emulator_rps=%d\n", $2}'
