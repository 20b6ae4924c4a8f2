#!/usr/bin/env bash
# The same Aspire model (bench/AspireShapes: python services with HTTP health checks) on our engine and on
# Aspire's DCP (--runtime dcp), in one run, alternating: time from launching the AppHost until every service
# answers (for a chain: the last one, which starts only after all before it), median of N each.
# Shapes: a fan-out of 20, a chain of 20, six independent executables.
# Usage: bench/aspire-side-by-side.sh [iterations]    (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
# Published as ./run.sh publishes the sample AppHost (scripts/build-apphost.sh: self-contained, one composite
# ReadyToRun image, ~4 minutes to compile after a change to the engine); the same binary for both runtimes.
say "Publishing bench/AspireShapes (Release, precompiled) into artifacts/aspire-shapes"
apphost=$(scripts/build-apphost.sh bench/AspireShapes artifacts/aspire-shapes)
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true NO_COLOR=1 DOTNET_ENVIRONMENT=Production

# Polls every port until all answer 200 on /health; exits 0 when all do, 1 after 120 s or once the AppHost exited.
poller=$(mktemp); log=$(mktemp); trap 'rm -f "$poller" "$log"' EXIT
cat >"$poller" <<'PY'
import os, sys, time, urllib.request
apphost, ports = int(sys.argv[1]), [int(p) for p in sys.argv[2:]]
deadline = time.monotonic() + 120
pending = set(ports)
def running(pid):
    try: return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError: return False
while pending and time.monotonic() < deadline and running(apphost):
    for p in sorted(pending):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{p}/", timeout=0.5).status == 200: pending.discard(p)
        except Exception: pass
    if pending: time.sleep(0.01)
sys.exit(1 if pending else 0)
PY

run_once() { # runtime shape count -> ms until all healthy
  local runtime=$1 shape=$2 count=$3 base start pid ms extra=()
  # Above the kernel's ephemeral range (32768-60999 here), so no client socket on the machine holds one.
  base=$(( 61000 + RANDOM % 4000 ))
  [ "$runtime" = dcp ] && extra=(--runtime dcp)
  start=$(date +%s%3N)
  "$apphost" "${extra[@]}" --Shape "$shape" --Count "$count" --BasePort "$base" >"$log" 2>&1 &
  pid=$!
  if /usr/bin/python3 "$poller" "$pid" $(seq $((base + 1)) $((base + count))); then ms=$(( $(date +%s%3N) - start )); else
    ms=failed; { echo "--- $runtime $shape $count: not all healthy; the AppHost's last lines:"; tail -20 "$log"; } >&2
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The next run starts on a machine free of this one: DCP's API server, its controllers and the services it ran
  # outlive its AppHost by 1-3 s while they stop (ours are gone when the AppHost exits); up to 15 s, then a settle.
  local deadline=$(( $(date +%s) + 15 ))
  while pgrep -f "tools/dcp |service\.py (6[1-4][0-9]{3})\$" >/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  sleep 0.5
  echo "$ms"
}

# The median of the runs that got healthy (a failed run is reported above and counted below).
median() { grep -E '^[0-9]+$' | sort -n | awk '{v[NR]=$1} END {print (NR ? (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2) : "none")}'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for case in fanout:20 chain:20 fanout:6; do
  shape=${case%%:*} count=${case##*:}
  native=() dcp=()
  for i in $(seq 1 "$n"); do
    native+=("$(run_once native "$shape" "$count")")
    dcp+=("$(run_once dcp "$shape" "$count")")
    echo "  $shape $count run $i: native ${native[-1]} ms, dcp ${dcp[-1]} ms" >&2
  done
  mn=$(printf '%s\n' "${native[@]}" | median); md=$(printf '%s\n' "${dcp[@]}" | median)
  failures=$(printf '%s\n' "${native[@]}" "${dcp[@]}" | grep -c failed || true)
  printf '%-7s %2s: native %6s ms, dcp %6s ms (medians of %s), ratio %sx, failed runs %s\n' "$shape" "$count" "$mn" "$md" "$n" \
    "$(awk -v a="$md" -v b="$mn" 'BEGIN{printf "%.1f", a/b}')" "$failures"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
