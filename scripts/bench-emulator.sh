#!/usr/bin/env bash
# Throughput of the emulator's GET .../licenses on loopback, measured with wrk.
# Prints the wrk report, a machine-readable line `emulator_rps=NNNN`, and the figure
# against the goal (>= 20,000 requests/s on 2 cores).
#
# Environment: DURATION (wrk -d, default 5s), THREADS (default 2), CONNECTIONS (default 64),
# PROFILE (release | debug, default release), BENCH_USER (default katherine@contoso:
# one Group1 license), QUICK=1 (1 s: a smoke run that keeps this script from rotting; the
# release build it makes is the one the later test steps use anyway).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${QUICK:-0}" = "1" ]; then
  DURATION=${DURATION:-1s}
fi
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
PROFILE=${PROFILE:-release}
CUSTOMER=0c39d6d5-c70d-4c55-bc02-f620844f3fd1
BENCH_USER=${BENCH_USER:-d0000000-0000-4000-8000-000000000004}

command -v wrk >/dev/null || { echo "bench-emulator: wrk is missing (apt-get install wrk, or ./scripts/setup.sh)" >&2; exit 1; }

if [ "$PROFILE" = "release" ]; then
  cargo build --release -q -p partner-center-emulator
  bin=target/release/partner-center-emulator
else
  cargo build -q -p partner-center-emulator
  bin=target/debug/partner-center-emulator
fi

out=$(mktemp)
"$bin" --port 0 --quiet >"$out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"; }
trap cleanup EXIT

url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^partner-center-emulator listening on //p' "$out")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "bench-emulator: the emulator did not start" >&2; cat "$out" >&2; exit 1; }

token=$(curl -sf -X POST "$url/emulator/token" -d '{"partner":"adatum","kind":"app+user"}' |
  sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench-emulator: no token" >&2; exit 1; }
path="/v1/customers/$CUSTOMER/users/$BENCH_USER/licenses"
# One call first: the route must answer 200, or the figure would measure errors.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url$path")
[ "$code" = "200" ] || { echo "bench-emulator: $path answered $code" >&2; exit 1; }

# The emulator's CPU time (user + system ticks) around the run: on a shared machine the
# wall-clock figure depends on the neighbours, requests per CPU-second of the server does not.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0; }
ticks_before=$(cpu_ticks)
report=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $token" "$url$path")
ticks_after=$(cpu_ticks)
echo "$report"
if echo "$report" | grep -q "Non-2xx"; then
  echo "bench-emulator: some responses were not 2xx" >&2
  exit 1
fi
rps=$(echo "$report" | awk '/^Requests\/sec:/ { printf "%d", $2 }')
requests=$(echo "$report" | awk '/requests in/ { print $1 }')
hz=$(getconf CLK_TCK)
per_cpu_s=$(awk -v n="$requests" -v t=$((ticks_after - ticks_before)) -v hz="$hz" 'BEGIN { if (t > 0) printf "%d", n / (t / hz); else print 0 }')
load=$(cut -d' ' -f1 /proc/loadavg)
echo "emulator_rps=$rps"
echo "emulator_requests_per_cpu_second=$per_cpu_s"
echo "GET .../licenses on loopback ($PROFILE build, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, load average $load): $rps requests/s (goal >= 20000); the server spent one CPU-second per $per_cpu_s requests"
