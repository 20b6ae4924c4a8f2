#!/usr/bin/env bash
# The same Aspire model (bench/AspireShapes: python services with HTTP health checks) on our engine and on
# Aspire's DCP (--runtime dcp), in one run, alternating: time from launching the AppHost until every service
# answers /health (for a chain: the last one, which starts only after all before it), median of N each.
# Shapes: a fan-out of 20, a chain of 20, six independent executables.
# Usage: bench/aspire-side-by-side.sh [iterations]    (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
say "Building bench/AspireShapes (Release)"
dotnet build bench/AspireShapes -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dll=bench/AspireShapes/bin/Release/net10.0/AspireShapes.dll
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true NO_COLOR=1 DOTNET_ENVIRONMENT=Production

# Polls every port until all answer 200 on /health; prints nothing, exits 0 when all do, 1 after 120 s.
poller=$(mktemp); trap 'rm -f "$poller"' EXIT
cat >"$poller" <<'PY'
import sys, time, urllib.request
ports = [int(p) for p in sys.argv[1:]]
deadline = time.monotonic() + 120
pending = set(ports)
while pending and time.monotonic() < deadline:
    for p in sorted(pending):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{p}/health", timeout=0.5).status == 200: pending.discard(p)
        except Exception: pass
    if pending: time.sleep(0.01)
sys.exit(1 if pending else 0)
PY

run_once() { # runtime shape count -> ms until all healthy
  local runtime=$1 shape=$2 count=$3 base start pid ms extra=()
  base=$(( 42000 + RANDOM % 20000 ))
  [ "$runtime" = dcp ] && extra=(--runtime dcp)
  start=$(date +%s%3N)
  dotnet "$dll" "${extra[@]}" --Shape "$shape" --Count "$count" --BasePort "$base" >/dev/null 2>&1 &
  pid=$!
  if /usr/bin/python3 "$poller" $(seq $((base + 1)) $((base + count))); then ms=$(( $(date +%s%3N) - start )); else ms=timeout; fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 1 # DCP's API server and the services finish stopping before the next run
  echo "$ms"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
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
  printf '%-7s %2s: native %6s ms, dcp %6s ms (medians of %s), ratio %sx\n' "$shape" "$count" "$mn" "$md" "$n" "$(awk -v a="$md" -v b="$mn" 'BEGIN{printf "%.1f", a/b}')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
