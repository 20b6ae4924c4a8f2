# The reaper: a watchdog that outlives the AppHost by a moment, so that no process it started
# outlives it - also when the AppHost is killed with SIGKILL and runs no code at all - and that no
# run folder (generated configs, redis.conf with its password) is left behind.
# The AppHost writes "add <pgid> <signal>" / "del <pgid>" / "dir <run folder>" on our stdin as it
# starts and reaps process groups. Our stdin is a pipe only the AppHost holds: EOF means it is gone.
trap '' INT TERM HUP QUIT PIPE
declare -A groups=()
dirs=()
while IFS=' ' read -r op rest; do
  case "$op" in
    add) read -r pgid sig <<< "$rest"; groups[$pgid]=$sig ;;
    del) unset "groups[$rest]" ;;
    dir) case "$rest" in */orchestration-run-*) dirs+=("$rest") ;; esac ;; # never anything else
  esac
done
any_alive() {
  for g in "${!groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && return 0; done
  return 1
}
if [ ${#groups[@]} -gt 0 ]; then
  for g in "${!groups[@]}"; do kill -s "${groups[$g]}" -- "-$g" 2>/dev/null; done
  for _ in $(seq 50); do any_alive || break; sleep 0.1; done
  if any_alive; then
    for g in "${!groups[@]}"; do kill -s KILL -- "-$g" 2>/dev/null; done
    for _ in $(seq 50); do any_alive || break; sleep 0.1; done
  fi
fi
# Only once the processes are gone: nothing writes there any more.
[ ${#dirs[@]} -gt 0 ] && rm -rf -- "${dirs[@]}"
exit 0
