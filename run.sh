#!/usr/bin/env bash
# The stack up, with its console: installs what is missing, builds once, runs the AppHost until Ctrl+C.
# Extra arguments go to the AppHost (e.g. --Parameters:postgres-password=...).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

say "Building the AppHost and the services it runs"
dotnet build AppHost -nologo -v quiet -clp:ErrorsOnly

say "Starting the stack (Ctrl+C stops it)"
# Development, as `dotnet run` would be: telemetry is exported every second so the dashboard is live.
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
# The build output directly: `dotnet run` would evaluate the project again before starting.
exec dotnet AppHost/bin/Debug/net10.0/AppHost.dll "$@"
