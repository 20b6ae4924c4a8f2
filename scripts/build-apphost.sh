#!/usr/bin/env bash
# Builds the AppHost and the services it runs the way ./run.sh starts them: Release, the AppHost
# ReadyToRun-compiled for this machine's runtime into artifacts/apphost (the services are built as
# they are, see build/Orchestration.Hosting.targets). ReadyToRun precompiles the AppHost and the
# libraries its health checks and dashboard use (Npgsql, StackExchange.Redis, the AWS SDK, Kestrel,
# gRPC): a fresh AppHost process otherwise compiles them exactly while the servers it starts need the
# same two cores (docs/benchmarks.md, "The whole stack"). Incremental: a few seconds when nothing
# changed. Prints the AppHost's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
# Aspire's AppHost SDK marks an AppHost not publishable (its "publish" is a deployment); this is a build for here.
if ! dotnet publish AppHost -c Release --use-current-runtime --no-self-contained -p:PublishReadyToRun=true -p:IsPublishable=true \
       -o artifacts/apphost -nologo -v quiet -clp:ErrorsOnly >&2 || [ ! -f artifacts/apphost/AppHost.dll ]; then
  # ReadyToRun needs the runtime packs for this machine from the package source; without them the
  # plain build still runs the stack, only slower to start. (A compile error fails here again.)
  echo "The ReadyToRun publish failed (see above); building the AppHost without it." >&2
  dotnet build AppHost -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  echo "$PWD/AppHost/bin/Release/net10.0/AppHost.dll"
  exit 0
fi
echo "$PWD/artifacts/apphost/AppHost.dll"
