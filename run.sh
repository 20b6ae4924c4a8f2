#!/usr/bin/env bash
# The stack up, with its console: installs what is missing, builds once, runs the AppHost until Ctrl+C.
# Extra arguments go to the AppHost (e.g. --Parameters:postgres-password=...).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

say "Building the AppHost and the services it runs (Release; the AppHost precompiled, into artifacts/apphost)"
apphost=$(scripts/build-apphost.sh)

say "Starting the stack (Ctrl+C stops it)"
# Development, as `dotnet run` would be: telemetry is exported every second so the dashboard is live.
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
# The published AppHost directly: `dotnet run` would evaluate the project again and JIT what is precompiled here.
exec "$apphost" "$@"
