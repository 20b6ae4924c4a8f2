# The reaper: a watchdog that outlives the AppHost by a moment, so that no process it started
# outlives it - also when the AppHost is killed with SIGKILL and runs no code at all.
# The AppHost writes "add <pgid> <signal>" / "del <pgid>" on our stdin as it starts and reaps
# process groups. Our stdin is a pipe only the AppHost holds: EOF means the AppHost is gone.
trap '' INT TERM HUP QUIT PIPE
declare -A groups=()
while IFS=' ' read -r op pgid sig; do
  case "$op" in
    add) groups[$pgid]=$sig ;;
    del) unset "groups[$pgid]" ;;
  esac
done
[ ${#groups[@]} -eq 0 ] && exit 0
for g in "${!groups[@]}"; do kill -s "${groups[$g]}" -- "-$g" 2>/dev/null; done
for _ in $(seq 50); do
  alive=0
  for g in "${!groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
  [ $alive -eq 0 ] && exit 0
  sleep 0.1
done
for g in "${!groups[@]}"; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0
