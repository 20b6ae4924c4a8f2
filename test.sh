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

echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$total" -eq 0 ]; then
  echo "No test ran: that is a failure, not a pass." >&2
  exit 1
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
