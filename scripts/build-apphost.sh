#!/usr/bin/env bash
# Builds the AppHost and the services it runs the way ./run.sh starts them: Release, the AppHost published
# precompiled for this machine into artifacts/apphost (the services are built as they are, see
# build/Orchestration.Hosting.targets). Prints the AppHost's executable last.
#
#   scripts/build-apphost.sh [PROJECT_DIR OUTPUT_DIR]   (default: AppHost artifacts/apphost; the side-by-side
#                                                        benchmark publishes bench/AspireShapes the same way)
#
# Precompiled, because a fresh AppHost process otherwise compiles its code exactly while the servers it
# starts need the same two cores (docs/benchmarks.md, "The whole stack"). Three ways, the first that works:
#  1. self-contained, the .NET runtime, the libraries and the engine in one composite ReadyToRun image: one
#     version bubble, so also the runtime's generic code over their types (every async method's state
#     machine) is precompiled. The composite takes ~4 minutes to compile the first time and again when a
#     package or the engine (src/) changes; the AppHost's own Program.cs is precompiled beside it in seconds.
#  2. framework-dependent ReadyToRun (when the runtime packs for self-contained are not in the package source);
#  3. the plain build (when ReadyToRun cannot be had at all): the stack still runs, only slower to start.
# A compile error fails each of them; the last one reports it.
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-AppHost} out=${2:-artifacts/apphost}
name=$(basename "$project")
# Aspire's AppHost SDK marks an AppHost not publishable (its "publish" is a deployment); this is a build for here.
publish=(dotnet publish "$project" -c Release --use-current-runtime -p:PublishReadyToRun=true -p:IsPublishable=true
         -o "$out" -nologo -v quiet -clp:ErrorsOnly)

if [ ! -f "$out/$name.r2r.dll" ]; then
  echo "Precompiling $name with the .NET runtime into one image (the first time only: ~4 minutes)" >&2
fi
if "${publish[@]}" --self-contained -p:PublishReadyToRunComposite=true >&2 && [ -f "$out/$name.r2r.dll" ]; then
  echo "$PWD/$out/$name"
  exit 0
fi
echo "The self-contained composite publish failed (see above); publishing framework-dependent ReadyToRun." >&2
rm -rf "$out"   # no self-contained leftovers beside a framework-dependent AppHost
if "${publish[@]}" --no-self-contained >&2 && [ -f "$out/$name" ]; then
  echo "$PWD/$out/$name"
  exit 0
fi
echo "The ReadyToRun publish failed (see above); building $name without it." >&2
dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
echo "$PWD/$project/bin/Release/net10.0/$name"
