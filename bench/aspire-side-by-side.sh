#!/usr/bin/env bash
# The same Aspire AppHost (tests/AspireAppHost: two python services, b waits for a) started natively and on
# Aspire's DCP (--runtime dcp), alternating: time from launch until b answers /health, median of N each.
# Usage: bench/aspire-side-by-side.sh [iterations]   (build first: dotnet build tests/AspireAppHost -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
dll=tests/AspireAppHost/bin/Release/net10.0/AspireAppHost.dll
[ -f "$dll" ] || dotnet build tests/AspireAppHost -c Release -nologo -v quiet -clp:ErrorsOnly
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

run_once() { # $1 = native|dcp ; prints ms to healthy
  local a b extra=() start pid ms=""
  a=$(free_port); b=$(free_port)
  [ "$1" = dcp ] && extra=(--runtime dcp)
  start=$(now_ms)
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true NO_COLOR=1 dotnet "$dll" "${extra[@]}" --PortA "$a" --PortB "$b" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null "http://127.0.0.1:$b/health"; then ms=$(( $(now_ms) - start )); break; fi
    sleep 0.05
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "${ms:-timeout}"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
native=() dcp=()
for i in $(seq 1 "$n"); do
  native+=("$(run_once native)"); dcp+=("$(run_once dcp)")
  echo "run $i: native ${native[-1]} ms, dcp ${dcp[-1]} ms"
done
mn=$(printf '%s\n' "${native[@]}" | median); md=$(printf '%s\n' "${dcp[@]}" | median)
echo "median: native $mn ms, dcp $md ms, ratio $(awk -v a="$md" -v b="$mn" 'BEGIN{printf "%.1f", a/b}')x (load $(cut -d' ' -f1 /proc/loadavg))"
