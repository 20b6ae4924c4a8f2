#!/usr/bin/env bash
# Whole-stack startup and stop (issue 3, "Performance"): the built AppHost process against
# bench/baseline.sh, warm and cold, interleaved, with medians/min/max.
#
#   bench/stack-startup.sh [--iterations N] [--modes "warm cold"] [--only apphost|baseline]
#                          [--keep-logs DIR] [--settle SECONDS] [--jit [--configuration Release|Debug]]
#                          [--apphost-env NAME=VALUE]... [--apphost PATH]   (the last two: experiments)
#
# The AppHost measured is the one ./run.sh starts: scripts/build-apphost.sh (run first; incremental)
# publishes it precompiled into artifacts/apphost. --jit measures the plain build output instead
# (`dotnet build AppHost -c <configuration>` first), as `dotnet run --project AppHost` starts it.
#
# Startup = from the moment the process is spawned (`artifacts/apphost/AppHost`, or
# bench/baseline.sh) to the arrival of its "Stack ready" ("Baseline ready") line on its output, each
# output line timestamped as it arrives. Warm: the state folder (XDG_STATE_HOME; generated passwords,
# the postgres cluster, the S3 data) exists from an untimed run before; cold: a fresh one per run.
# Stop (AppHost only): SIGINT to the AppHost's process group, as Ctrl+C in a terminal sends, once the
# stack has been ready for --settle seconds -> every process the AppHost started (its descendants at
# that moment, read from /proc, identified by pid and start time) is gone.
# The gateway's port 8080 is fixed in AppHost/Program.cs: each AppHost run waits until it is free.
# Needs s3rver and the worker's venv (./run.sh once).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

iterations=5
configuration=Release
modes="warm cold"
only=""
settle=2
keep_logs=""
apphost=""   # the AppHost to start: an executable, or a .dll run with `dotnet`
jit=""
apphost_env=()   # extra environment for the AppHost, for experiments (DOTNET_TieredPGO=0, ...)
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations=$2; shift 2 ;;
    --configuration) configuration=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --keep-logs) keep_logs=$2; shift 2 ;;
    --apphost-env) apphost_env+=("$2"); shift 2 ;;
    --apphost|--apphost-dll) apphost=$2; shift 2 ;;
    --jit) jit=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -z "$apphost" ] && [ -n "$jit" ]; then
  apphost=$root/AppHost/bin/$configuration/net10.0/AppHost.dll
  [ -f "$apphost" ] || { echo "Build the AppHost first: dotnet build AppHost -c $configuration" >&2; exit 1; }
elif [ -z "$apphost" ]; then
  echo "Building the AppHost as ./run.sh does (scripts/build-apphost.sh)"
  apphost=$(scripts/build-apphost.sh) || exit 1
  configuration=Release   # the services it starts, and so the baseline's
fi
case $apphost in *.dll) apphost_command=(dotnet "$apphost") ;; *) apphost_command=("$apphost") ;; esac
ls -d AppHost/.tools/s3rver-*/node_modules/s3rver >/dev/null 2>&1 && [ -x services/worker/.venv/bin/python ] \
  || { echo "Run ./run.sh (or the AppHost) once first: it installs s3rver and makes the worker's venv" >&2; exit 1; }

work=$(mktemp -d /tmp/stack-bench-XXXXXX)
chmod 711 "$work"           # PostgreSQL (run as user postgres) must pass through to the state folders
results=$work/results.tsv   # kind mode iteration metric ms
: >"$results"
exec {SNOOZE}<> <(:)
snooze() { read -r -t "$1" -u "$SNOOZE" _ || :; }
us() { local t=${1/./}; echo "${t#0}"; }                 # EPOCHREALTIME -> microseconds
msf() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); } # microseconds -> ms with 3 decimals
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

port_busy() { # is anything listening on loopback/any address at this TCP port?
  local hex; hex=$(printf '%04X' "$1")
  grep -qE "^ *[0-9]+: (0100007F|00000000|00000000000000000000000000000000|00000000000000000000000001000000):$hex [0-9A-F:]+ 0A " /proc/net/tcp /proc/net/tcp6
}

# "pid starttime" of pid $1 and all its descendants, from /proc.
descendants() {
  local root=$1
  local -A children=() start=()
  local f line pid rest
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    pid=${line%% *}; rest=${line##*) }
    set -- $rest
    children[$2]+=" $pid"; start[$pid]=${20}
  done
  local queue=("$root") out=() p
  while [ ${#queue[@]} -gt 0 ]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    [ -n "${start[$p]-}" ] && out+=("$p ${start[$p]}")
    for c in ${children[$p]-}; do queue+=("$c"); done
  done
  printf '%s\n' "${out[@]}"
}
running() { # pid starttime: that very process still exists and is not a zombie
  local line want=$2
  read -r line 2>/dev/null <"/proc/$1/stat" || return 1
  set -- ${line##*) }
  [ "$1" != Z ] && [ "${20}" = "$want" ]
}

# One run: spawns "$@" in a process group of its own with SIGINT/SIGQUIT at their defaults (as a
# terminal would), timestamps its output lines as they arrive, and returns once the ready line came
# (or it failed). Sets run_pid, run_t0, run_log (lines "epoch<TAB>text"), run_ready (epoch or "").
start_run() {
  local ready_pattern=$1 fail_pattern=$2; shift 2
  run_log=$work/run-$((++run_seq)).log
  local fifo=$work/out.fifo
  rm -f "$fifo"; mkfifo "$fifo"; : >"$run_log"
  # The reader: one line at a time, stamped on arrival.
  ( while IFS= read -r l; do printf '%s\t%s\n' "$EPOCHREALTIME" "$l"; done <"$fifo" >"$run_log" ) &
  reader_pid=$!
  set -m
  run_t0=$EPOCHREALTIME
  env --default-signal=INT,QUIT "$@" >"$fifo" 2>&1 &
  run_pid=$!
  set +m
  run_ready=""
  exec {LOG}<"$run_log"
  local partial="" entry deadline=$(( $(us "$EPOCHREALTIME") + 180000000 ))
  while :; do
    if IFS= read -r -u "$LOG" entry; then
      entry=$partial$entry; partial=""
      case "$entry" in
        *"$ready_pattern"*) run_ready=${entry%%$'\t'*}; return 0 ;;
        *"$fail_pattern"*) echo "  run failed: ${entry#*$'\t'}" >&2; return 1 ;;
      esac
    else
      partial+=$entry
      [ -e "/proc/$run_pid" ] || { echo "  process exited before it was ready (log: $run_log)" >&2; return 1; }
      [ "$(us "$EPOCHREALTIME")" -gt "$deadline" ] && { echo "  not ready after 180 s" >&2; return 1; }
      snooze 0.002
    fi
  done
}

# Ctrl+C: SIGINT to the process group; waits until every process in $1 (a "pid start" list) is gone.
# Sets stop_all_gone (epoch), stop_exit (epoch the AppHost process itself was gone).
stop_run() {
  local procs=$1 deadline own_start
  own_start=$(while read -r pid st; do [ "$pid" = "$run_pid" ] && echo "$st"; done <<<"$procs")
  stop_sig=$EPOCHREALTIME
  kill -INT -- "-$run_pid" 2>/dev/null
  deadline=$(( $(us "$stop_sig") + 60000000 ))
  stop_exit=""
  while :; do
    local left=0 pid st
    while read -r pid st; do
      [ -n "$pid" ] || continue
      if running "$pid" "$st"; then left=1; break; fi
    done <<<"$procs"
    [ -z "$stop_exit" ] && ! running "$run_pid" "$own_start" && stop_exit=$EPOCHREALTIME
    [ $left = 0 ] && break
    if [ "$(us "$EPOCHREALTIME")" -gt "$deadline" ]; then
      echo "  still running 60 s after SIGINT:" >&2
      while read -r pid st; do running "$pid" "$st" && ps -o pid=,args= -p "$pid" >&2; done <<<"$procs"
      kill -KILL -- "-$run_pid" 2>/dev/null
      while read -r pid st; do running "$pid" "$st" && kill -KILL "$pid" 2>/dev/null; done <<<"$procs"
      break
    fi
    snooze 0.002
  done
  stop_all_gone=$EPOCHREALTIME
  [ -n "$stop_exit" ] || stop_exit=$stop_all_gone
}

finish_run() { # waits for the process and its output to end
  wait "$run_pid" 2>/dev/null
  wait "$reader_pid" 2>/dev/null
  exec {LOG}<&-
}

wait_for_port_8080() {
  local waited=0
  while port_busy 8080; do
    [ $waited = 0 ] && echo "  port 8080 is taken (another stack?): waiting until it is free" >&2
    waited=$((waited + 1))
    [ $waited -gt 600 ] && { echo "  port 8080 still taken after 10 minutes: giving up" >&2; return 1; }
    sleep 1
  done
}

# Per-resource times from the AppHost's output: "<name> | running (pid N)", "| healthy (N ms after start)", ...
apphost_breakdown() { # kind mode iteration
  local t name text t0us; t0us=$(us "$run_t0")
  local -A seen=()
  local sig=${stop_sig:-}; local sigus=${sig:+$(us "$sig")}
  while IFS=$'\t' read -r t text; do
    local at=$(( $(us "$t") - t0us ))
    if [[ $text =~ ^([a-z0-9-]+)\ +\|\ (.*)$ ]]; then
      name=${BASH_REMATCH[1]}; text=${BASH_REMATCH[2]}
      case "$text" in
        "waiting for "*) [ -n "${seen[$name]-}" ] || record "$1" "$2" "$3" "$name.waiting" "$(msf $at)"; seen[$name]=1 ;; # the AppHost's line comes first; later ones are the service's own
        "running (pid "*) record "$1" "$2" "$3" "$name.running" "$(msf $at)" ;;
        "healthy ("*) record "$1" "$2" "$3" "$name.healthy" "$(msf $at)"
                      [[ $text =~ \(([0-9]+)\ ms ]] && record "$1" "$2" "$3" "$name.health-after-start" "${BASH_REMATCH[1]}" ;;
        "virtual environment created"*) record "$1" "$2" "$3" "$name.venv-created" "$(msf $at)" ;;
        "stopped (exit code"*) [ -n "$sigus" ] && record "$1" "$2" "$3" "$name.stopped-after-sigint" "$(msf $(( $(us "$t") - sigus )))" ;;
        "stopping") [ -n "$sigus" ] && record "$1" "$2" "$3" "$name.stopping-after-sigint" "$(msf $(( $(us "$t") - sigus )))" ;;
      esac
    elif [[ $text == "Stack ready:"* ]]; then
      [[ $text =~ in\ ([0-9]+)\ ms ]] && record "$1" "$2" "$3" "own-clock-ready" "${BASH_REMATCH[1]}"
    fi
  done <"$run_log"
  local first; first=$(head -1 "$run_log" | cut -f1)
  [ -n "$first" ] && record "$1" "$2" "$3" "first-output" "$(msf $(( $(us "$first") - t0us )))"
}

baseline_breakdown() {
  local t text t0us; t0us=$(us "$run_t0")
  while IFS=$'\t' read -r t text; do
    if [[ $text =~ ^([a-z0-9-]+)\ *\|\ (running|healthy|initdb) ]]; then
      record "$1" "$2" "$3" "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}" "$(msf $(( $(us "$t") - t0us )))"
    elif [[ $text =~ ^Baseline\ ready:.*in\ ([0-9]+)\ ms ]]; then
      record "$1" "$2" "$3" "own-clock-ready" "${BASH_REMATCH[1]}"
    elif [[ $text =~ ^Baseline\ stopped\ in\ ([0-9]+)\ ms ]]; then
      record "$1" "$2" "$3" "stop" "${BASH_REMATCH[1]}"
    fi
  done <"$run_log"
}

run_apphost() { # mode iteration state-home ; iteration "prep" = untimed
  local mode=$1 i=$2 xdg=$3
  wait_for_port_8080 || return 1
  local load; read -r load _ </proc/loadavg
  if ! start_run "Stack ready" "Stack started with" env XDG_STATE_HOME="$xdg" NO_COLOR=1 "${apphost_env[@]}" "${apphost_command[@]}"; then
    kill -INT -- "-$run_pid" 2>/dev/null; finish_run; return 1
  fi
  local ready_us=$(( $(us "$run_ready") - $(us "$run_t0") ))
  snooze "$settle"
  local procs; procs=$(descendants "$run_pid")
  stop_run "$procs"
  finish_run
  local nprocs; nprocs=$(grep -c . <<<"$procs")
  if [ "$i" != prep ]; then
    record apphost "$mode" "$i" ready "$(msf $ready_us)"
    record apphost "$mode" "$i" stop-all-gone "$(msf $(( $(us "$stop_all_gone") - $(us "$stop_sig") )))"
    record apphost "$mode" "$i" stop-apphost-exited "$(msf $(( $(us "$stop_exit") - $(us "$stop_sig") )))"
    record apphost "$mode" "$i" processes "$nprocs"
    record apphost "$mode" "$i" load1 "$load"
    apphost_breakdown apphost "$mode" "$i"
  fi
  printf '  apphost  %-4s %-4s ready %8s ms   stop %8s ms (%s processes)   load %s\n' "$mode" "$i" \
    "$(msf $ready_us)" "$(msf $(( $(us "$stop_all_gone") - $(us "$stop_sig") )))" "$nprocs" "$load"
  stop_sig=""
  [ -n "$keep_logs" ] && cp "$run_log" "$keep_logs/apphost-$mode-$i.log"
  return 0
}

run_baseline() { # mode iteration state
  local mode=$1 i=$2 state=$3
  local load; read -r load _ </proc/loadavg
  if ! start_run "Baseline ready" "Baseline failed" bench/baseline.sh --state "$state" --configuration "$configuration"; then
    finish_run; return 1
  fi
  local ready_us=$(( $(us "$run_ready") - $(us "$run_t0") ))
  finish_run   # it stops everything it started by itself
  if [ "$i" != prep ]; then
    record baseline "$mode" "$i" ready "$(msf $ready_us)"
    record baseline "$mode" "$i" load1 "$load"
    baseline_breakdown baseline "$mode" "$i"
  fi
  printf '  baseline %-4s %-4s ready %8s ms   load %s\n' "$mode" "$i" "$(msf $ready_us)" "$load"
  [ -n "$keep_logs" ] && cp "$run_log" "$keep_logs/baseline-$mode-$i.log"
  return 0
}

cleanup() {
  [ -n "${run_pid:-}" ] && kill -0 "$run_pid" 2>/dev/null && kill -INT -- "-$run_pid" 2>/dev/null && sleep 3
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ -n "$keep_logs" ] && mkdir -p "$keep_logs"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "Machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), dotnet $(dotnet --version), kernel $(uname -r)"
echo "AppHost: $apphost (${jit:+JIT, }services $configuration)${apphost_env[*]:+ with ${apphost_env[*]}}"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_seq=0

want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
echo "Preparing the warm state folders (untimed runs)"
want apphost && { run_apphost warm prep "$work/apphost-warm" || exit 1; }
want baseline && { run_baseline warm prep "$work/baseline-warm" || exit 1; }

failures=0
for ((i = 1; i <= iterations; i++)); do
  for mode in $modes; do
    if [ "$mode" = warm ]; then a=$work/apphost-warm b=$work/baseline-warm
    else a=$work/apphost-cold-$i b=$work/baseline-cold-$i; fi
    want apphost && { run_apphost "$mode" "$i" "$a" || failures=$((failures + 1)); }
    want baseline && { run_baseline "$mode" "$i" "$b" || failures=$((failures + 1)); }
    [ "$mode" = cold ] && rm -rf "$a" "$b"
  done
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$keep_logs" ] && cp "$results" "$keep_logs/results.tsv"

/usr/bin/python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, mode, it, metric, value = line.rstrip("\n").split("\t")
    rows[(kind, mode, metric)].append(float(value))
def stat(key):
    v = rows.get(key)
    return (statistics.median(v), min(v), max(v), len(v)) if v else None
def fmt(s, unit="ms"):
    return "—" if s is None else f"{s[0]:.0f} (min {s[1]:.0f}, max {s[2]:.0f}, n={s[3]})"
modes = sorted({m for _, m, _ in rows}, key=lambda m: ["warm", "cold"].index(m) if m in ("warm", "cold") else 9)
print("\n## Results (ms: median (min, max, runs))")
for mode in modes:
    a, b = stat(("apphost", mode, "ready")), stat(("baseline", mode, "ready"))
    print(f"\n### {mode}")
    print(f"AppHost  to 'Stack ready'    : {fmt(a)}")
    print(f"baseline to 'Baseline ready' : {fmt(b)}")
    if a and b: print(f"ratio of medians AppHost/baseline: {a[0] / b[0]:.2f}")
    target = 3000 if mode == "warm" else 6000
    if a: print(f"target {'≤ 3 s and ≤ 1.2× baseline' if mode == 'warm' else '≤ 6 s'}: {'PASS' if a[0] <= target and (mode != 'warm' or not b or a[0] <= 1.2 * b[0]) else 'FAIL'}")
    s = stat(("apphost", mode, "stop-all-gone"))
    if s: print(f"AppHost stop, SIGINT -> every process gone: {fmt(s)}  target ≤ 2 s: {'PASS' if s[0] <= 2000 else 'FAIL'}")
    s = stat(("apphost", mode, "stop-apphost-exited"))
    if s: print(f"AppHost stop, SIGINT -> AppHost exited    : {fmt(s)}")
    for kind in ("apphost", "baseline"):
        metrics = sorted({m for k, md, m in rows if k == kind and md == mode and m not in ("ready", "load1", "processes", "stop-all-gone", "stop-apphost-exited")},
                         key=lambda m: (stat((kind, mode, m))[0] if not m.endswith(("after-sigint", "after-start")) else 1e9 + stat((kind, mode, m))[0]))
        print(f"  {kind} breakdown (ms after spawn unless named otherwise):")
        for m in metrics: print(f"    {m:<34} {fmt(stat((kind, mode, m)))}")
    l = rows.get(("apphost", mode, "load1"), []) + rows.get(("baseline", mode, "load1"), [])
    if l: print(f"  1-min load average at run starts: median {statistics.median(l):.2f}, min {min(l):.2f}, max {max(l):.2f}")
PY
[ $failures -eq 0 ] || { echo "$failures run(s) failed" >&2; exit 1; }
