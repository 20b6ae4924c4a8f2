#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs what is missing, builds, runs every test
# project, and ends with one summary line ("Tests: N passed, N failed, N skipped").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

say "Building (Debug)"
dotnet build Orchestration.sln -nologo -v quiet -clp:ErrorsOnly

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
for project in tests/*.Tests/*.csproj; do
  say "Testing $(basename "$project" .csproj)"
  # A hung test fails the run after 5 minutes instead of eating CI's 90.
  dotnet test "$project" --no-build -nologo --results-directory "$results" \
    --logger "trx" --logger "console;verbosity=minimal" --blame-hang-timeout 5m || status=1
done

say "Testing the worker's Python units"
worker_log=$(mktemp)
(cd services/worker && /usr/bin/python3 -m unittest test_units) >"$worker_log" 2>&1 || status=1
cat "$worker_log"
worker_ran=$(sed -n 's/^Ran \([0-9]*\) tests\?.*/\1/p' "$worker_log")
worker_failed=$(sed -n 's/^FAILED (\(failures\|errors\)=\([0-9]*\).*/\2/p' "$worker_log")
rm -f "$worker_log"

passed=0 failed=0 skipped=0 total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  n() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(n total)))
  passed=$((passed + $(n passed)))
  failed=$((failed + $(n failed)))
  skipped=$((skipped + $(n notExecuted)))
done

worker_ran=${worker_ran:-0} worker_failed=${worker_failed:-0}
total=$((total + worker_ran))
passed=$((passed + worker_ran - worker_failed))
failed=$((failed + worker_failed))

echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$total" -eq 0 ]; then
  echo "No test ran: that is a failure, not a pass." >&2
  exit 1
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
